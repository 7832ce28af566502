//! The subscriber file: who gets email, and which components each follows.

use std::collections::HashMap;

use lettre::Address;

/// One line of the subscriber file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subscriber {
    pub address: String,
    /// The component ids this subscriber follows; empty: all of them.
    pub components: Vec<String>,
}

/// Read the subscriber file: one address a line, optionally followed by component ids; blank
/// lines and `#` comments are ignored. An address given twice (in any case) is kept once, at its
/// first line, following the union of what its lines name (none: everything). Every invalid
/// address is reported with its line number; the message leaves out the address itself, which
/// is personal data and would end up in logs.
pub fn read_subscribers(text: &str) -> Result<Vec<Subscriber>, Vec<String>> {
    let mut subscribers: Vec<Subscriber> = Vec::new();
    let mut by_address: HashMap<String, usize> = HashMap::new();
    let mut problems = Vec::new();
    for (n, line) in text.lines().enumerate() {
        // A `#` starts a comment only at the start of a word: `a#b@example.com` is an address.
        let mut words = line.split_whitespace().take_while(|w| !w.starts_with('#'));
        let Some(word) = words.next() else { continue };
        let address = match word.parse::<Address>() {
            Ok(a) => a,
            Err(e) => {
                problems.push(format!("line {}: not an email address ({e})", n + 1));
                continue;
            }
        };
        let components: Vec<String> = words.map(str::to_owned).collect();
        match by_address.get(&address.to_string().to_lowercase()) {
            Some(&i) => merge_components(&mut subscribers[i].components, components),
            None => {
                by_address.insert(address.to_string().to_lowercase(), subscribers.len());
                subscribers.push(Subscriber {
                    address: address.to_string(),
                    components,
                });
            }
        }
    }
    if problems.is_empty() {
        Ok(subscribers)
    } else {
        Err(problems)
    }
}

/// Two lines for one address: the union of their components, where an empty list means all.
fn merge_components(kept: &mut Vec<String>, more: Vec<String>) {
    if kept.is_empty() {
        return;
    }
    if more.is_empty() {
        kept.clear();
        return;
    }
    for c in more {
        if !kept.contains(&c) {
            kept.push(c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sub(address: &str, components: &[&str]) -> Subscriber {
        Subscriber {
            address: address.to_owned(),
            components: components.iter().map(|c| (*c).to_owned()).collect(),
        }
    }

    #[test]
    fn reads_addresses_components_and_comments() {
        let text = "# who gets status mail\n\
                    \n\
                    alice@example.com\n\
                    \tbob@example.org api  web   # only these two\n\
                    a#b@example.net\n\
                    carol@example.com # all of them\n";
        assert_eq!(
            read_subscribers(text),
            Ok(vec![
                sub("alice@example.com", &[]),
                sub("bob@example.org", &["api", "web"]),
                sub("a#b@example.net", &[]),
                sub("carol@example.com", &[]),
            ])
        );
    }

    #[test]
    fn duplicates_in_any_case_are_kept_once_with_the_union_of_their_components() {
        let cases: [(&str, Vec<Subscriber>); 4] = [
            ("a@example.com\nA@EXAMPLE.COM\n", vec![sub("a@example.com", &[])]),
            (
                "a@example.com api\nA@example.com web api\n",
                vec![sub("a@example.com", &["api", "web"])],
            ),
            // No components means every component: a second line cannot narrow the first.
            ("a@example.com\na@example.com api\n", vec![sub("a@example.com", &[])]),
            ("a@example.com api\na@example.com\n", vec![sub("a@example.com", &[])]),
        ];
        for (text, want) in cases {
            assert_eq!(read_subscribers(text), Ok(want), "{text:?}");
        }
    }

    #[test]
    fn every_invalid_line_is_reported_by_number_without_the_address() {
        let text = "good@example.com\nnot-an-address\n\nalso@bad@example.com api\nfine@example.org\n@example.com\n";
        let problems = read_subscribers(text).unwrap_err();
        assert_eq!(problems.len(), 3, "{problems:?}");
        for (problem, line) in problems.iter().zip(["line 2:", "line 4:", "line 6:"]) {
            assert!(problem.starts_with(line), "{problem}");
        }
        assert!(
            !problems
                .iter()
                .any(|p| p.contains("not-an-address") || p.contains("also@bad"))
        );
    }

    #[test]
    fn an_empty_file_has_no_subscribers() {
        assert_eq!(read_subscribers(""), Ok(vec![]));
        assert_eq!(read_subscribers("# nobody yet\n   \n"), Ok(vec![]));
    }
}
