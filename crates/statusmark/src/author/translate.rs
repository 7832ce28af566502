//! `statusmark new incident --lang <code> <file>`: a translation stub beside an incident (or a
//! maintenance notice). It holds the original's title, summary, updates and postmortem under the
//! original's own headings, ready to be translated in place; the facts stay in the original.

use std::path::{Path, PathBuf};

use jiff::Timestamp;

use super::{AuthorError, io, stamp, write_checked, yaml_string};
use crate::content::SourceFile;
use crate::content::translation::translation_of;

/// Write `<slug>.<lang>.md` beside `file` and return its path.
pub fn new_translation(root: &Path, file: &Path, lang: &str, now: Timestamp) -> Result<PathBuf, AuthorError> {
    let rel = super::inside_site(root, file)?;
    let config = crate::content::config_of(root).map_err(AuthorError::Invalid)?;
    let languages = || config.languages.iter().map(|l| l.code()).collect::<Vec<_>>().join(", ");
    let Some(language) = config.languages.iter().skip(1).find(|l| l.code() == lang) else {
        let why = if config.language.code() == lang {
            format!("\"{lang}\" is the site's own language: {rel} is written in it")
        } else {
            format!(
                "\"{lang}\" is not one of the site's languages ({}); add it to languages = [...] in content/statusmark.toml first",
                languages()
            )
        };
        return Err(AuthorError::Usage(why));
    };
    if translation_of(&rel).is_some() {
        return Err(AuthorError::Usage(format!(
            "{rel} is a translation; name the original file"
        )));
    }
    let text = std::fs::read_to_string(file).map_err(io(file))?;
    let source = SourceFile {
        path: rel.clone(),
        text,
    };
    let stub = if rel.starts_with("content/maintenance/") {
        notice_stub(root, &source)?
    } else if rel.starts_with("incidents/") {
        incident_stub(&source, &config, now)?
    } else {
        return Err(AuthorError::Usage(format!(
            "{rel} is neither in incidents/ nor in content/maintenance/"
        )));
    };
    let name = language.say("language-name");
    let text = format!(
        "---\n# {name} ({lang}): the translation of {rel}.\n# Translate the title and the text below; keep every \"## <Status> — <time>\" heading as it is\n# (it names the original's update). Times, impact and components come from the original only.\ntitle: {}\n---\n\n{}",
        yaml_string(&stub.title),
        stub.body
    );
    let path = file.with_file_name(format!("{}.{lang}.md", crate::content::document::slug_of(&rel)));
    if path.exists() {
        return Err(AuthorError::Usage(format!(
            "{} already exists; edit it, or delete it to start again",
            path.display()
        )));
    }
    write_checked(root, &path, &text, now)?;
    Ok(path)
}

struct Stub {
    title: String,
    body: String,
}

/// The sections in the order pages show them: summary, updates newest first, postmortem; each
/// followed by a blank line.
fn body<'a>(
    summary: &str,
    updates: impl Iterator<Item = (&'a str, Timestamp, &'a str)>,
    postmortem: Option<&str>,
) -> String {
    let text = |t: &str| {
        let t = t.trim();
        if t.is_empty() { String::new() } else { format!("{t}\n") }
    };
    let mut sections = vec![text(summary)];
    sections.extend(updates.map(|(word, at, body)| format!("## {word} — {}\n{}", stamp(at), text(body))));
    sections.extend(postmortem.map(|p| format!("## Postmortem\n\n{}", text(p))));
    sections.retain(|s| !s.is_empty());
    sections.join("\n")
}

fn incident_stub(source: &SourceFile, config: &crate::content::Config, now: Timestamp) -> Result<Stub, AuthorError> {
    let (incident, diags) = crate::content::incident::parse(source, config, now);
    let incident = incident.ok_or(AuthorError::Invalid(diags))?;
    let text = incident.text().map_err(|e| AuthorError::Usage(e.to_string()))?;
    let updates = incident
        .updates
        .iter()
        .enumerate()
        .map(|(n, u)| (u.status.label(), u.at, text.update(n)));
    Ok(Stub {
        title: incident.title.clone(),
        body: body(text.summary(), updates, text.postmortem()),
    })
}

fn notice_stub(root: &Path, source: &SourceFile) -> Result<Stub, AuthorError> {
    let m = crate::content::parse_maintenance(root, &source.path, &source.text).map_err(AuthorError::Invalid)?;
    let updates = m
        .updates
        .iter()
        .map(|u| (u.phase.map_or("Update", |p| p.label()), u.at, u.body.as_str()));
    Ok(Stub {
        title: m.title.clone(),
        body: body(&m.summary, updates, None),
    })
}
