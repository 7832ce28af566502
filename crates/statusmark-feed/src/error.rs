//! Why a feed could not be read: the one error type of both readers.

/// Why a feed could not be read.
#[derive(Debug, PartialEq)]
#[non_exhaustive]
pub enum FeedError {
    /// Not JSON, or JSON of neither known shape.
    Invalid(String),
}

impl std::fmt::Display for FeedError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FeedError::Invalid(why) => write!(f, "not a status feed: {why}"),
        }
    }
}

impl std::error::Error for FeedError {}

impl FeedError {
    /// What is wrong, without the "not a status feed" prefix (and without `Display`'s code, which
    /// the widget does without).
    pub fn reason(&self) -> &str {
        match self {
            FeedError::Invalid(why) => why,
        }
    }
}
