//! What an emitter returns: a *plan* of the files it would produce, each with its path, a key of
//! exactly the inputs it depends on, and a way to render it. Nothing here renders or writes by
//! itself; the planner ([`crate::planner`]) decides what to render and hands the bytes to the
//! writer.

use std::hash::{Hash, Hasher};

use super::RenderError;

/// A fingerprint of a file's inputs: equal keys mean the file would come out the same, but for
/// the build time in its footer ("Last updated"), which keys leave out on purpose: otherwise
/// every page would be rendered again on every rebuild of `serve`, whose clock moves. Valid within
/// one process (it is never written anywhere).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Key(u64);

impl Key {
    pub fn of(inputs: impl Hash) -> Key {
        let mut h = rustc_hash::FxHasher::default();
        inputs.hash(&mut h);
        Key(h.finish())
    }
}

type Render<'r> = Box<dyn Fn() -> Result<Vec<u8>, RenderError> + Send + Sync + 'r>;

/// One file of the output, not yet rendered.
pub struct Planned<'r> {
    /// Relative, `/`-separated.
    pub path: String,
    /// `None` for a file that depends on too much to name (the maintenance calendar): it is
    /// rendered every time.
    pub key: Option<Key>,
    render: Render<'r>,
}

impl std::fmt::Debug for Planned<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Planned")
            .field("path", &self.path)
            .field("key", &self.key)
            .finish_non_exhaustive()
    }
}

impl<'r> Planned<'r> {
    /// A file rendered on demand from inputs summed up in `key` (`None`: not compared).
    pub fn lazy(
        path: impl Into<String>,
        key: Option<Key>,
        render: impl Fn() -> Result<Vec<u8>, RenderError> + Send + Sync + 'r,
    ) -> Planned<'r> {
        Planned {
            path: path.into(),
            key,
            render: Box::new(render),
        }
    }

    /// A file rendered every time.
    pub fn always(
        path: impl Into<String>,
        render: impl Fn() -> Result<Vec<u8>, RenderError> + Send + Sync + 'r,
    ) -> Planned<'r> {
        Planned {
            path: path.into(),
            key: None,
            render: Box::new(render),
        }
    }

    /// A file whose bytes are already known (small outputs, or ones worked out together): its
    /// key is its content.
    pub fn ready(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Planned<'r> {
        let bytes: Vec<u8> = bytes.into();
        Planned {
            path: path.into(),
            key: Some(Key::of(&bytes)),
            render: Box::new(move || Ok(bytes.clone())),
        }
    }

    /// A file that cannot be rendered: planning it needed a text that could not be read back.
    pub fn failed(path: impl Into<String>, error: crate::content::text::TextError) -> Planned<'r> {
        Planned::always(path, move || Err(error.clone().into()))
    }

    pub fn render(&self) -> Result<Vec<u8>, RenderError> {
        (self.render)()
    }
}

/// A template's output as bytes, for [`Planned::lazy`] closures.
pub fn text(result: Result<String, RenderError>) -> Result<Vec<u8>, RenderError> {
    result.map(String::into_bytes)
}
