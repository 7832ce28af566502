//! The `statusmark` command: a thin layer over the library. One reporting function turns every
//! failure into readable text and exit status 1.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use jiff::Timestamp;
use statusmark::diagnostic::Diagnostic;
use statusmark::{BuildError, BuildOptions, WidgetSource};

#[derive(Parser)]
#[command(name = "statusmark", version, about = "Static status pages from Markdown incident reports", long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args, Clone)]
struct SiteArgs {
    /// The site's root folder (holds content/ and incidents/).
    #[arg(long, default_value = ".")]
    root: PathBuf,
}

#[derive(clap::Args, Clone)]
struct RenderArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// Where to write the site (replaced atomically when the build succeeds).
    #[arg(long, default_value = "public")]
    out: PathBuf,
    /// The instant the site describes (RFC 3339), for reproducible builds. Default: now.
    #[arg(long)]
    now: Option<Timestamp>,
    /// Use the widget from this Trunk output folder instead of the embedded one.
    #[arg(long, value_name = "DIR")]
    widget_dir: Option<PathBuf>,
    /// Build a site without the live widget.
    #[arg(long, conflicts_with = "widget_dir")]
    no_widget: bool,
    /// Treat warnings as errors.
    #[arg(long)]
    deny_warnings: bool,
}

impl RenderArgs {
    fn options(&self) -> BuildOptions {
        BuildOptions {
            root: self.site.root.clone(),
            out: if self.out.is_absolute() {
                self.out.clone()
            } else {
                self.site.root.join(&self.out)
            },
            now: self.now,
            widget: match (&self.widget_dir, self.no_widget) {
                (Some(d), _) => WidgetSource::Dir(d.clone()),
                (None, true) => WidgetSource::None,
                (None, false) => WidgetSource::Embedded,
            },
            deny_warnings: self.deny_warnings,
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into a folder.
    #[command(
        after_help = "Examples:\n  statusmark build\n  statusmark build --root my-status --out public --now 2026-11-20T15:00:00Z"
    )]
    Build(RenderArgs),
    /// Validate the content without writing anything (for pre-commit hooks and CI).
    #[command(after_help = "Examples:\n  statusmark check\n  statusmark check --root my-status --deny-warnings")]
    Check {
        #[command(flatten)]
        site: SiteArgs,
        /// Treat warnings as errors.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Build the site and serve it on 127.0.0.1.
    #[command(after_help = "Examples:\n  statusmark serve\n  statusmark serve --port 3000 --now 2026-11-20T15:00:00Z")]
    Serve {
        #[command(flatten)]
        render: RenderArgs,
        /// The port to listen on.
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// The address to listen on.
        #[arg(long, default_value = "127.0.0.1")]
        host: String,
    },
}

fn print_diagnostics(diags: &[Diagnostic]) {
    for d in diags {
        eprintln!("{d}");
    }
}

/// The one place failures become text.
fn report(err: &BuildError) -> ExitCode {
    match err {
        BuildError::Content(diags) | BuildError::DeniedWarnings(diags) => {
            print_diagnostics(diags);
            let errors = diags.iter().filter(|d| d.is_error()).count();
            let warnings = diags.len() - errors;
            let why = if matches!(err, BuildError::DeniedWarnings(_)) {
                " (warnings are denied)"
            } else {
                ""
            };
            eprintln!("error: {errors} error(s) and {warnings} warning(s){why}; nothing was written");
        }
        other => eprintln!("error: {other}"),
    }
    ExitCode::FAILURE
}

fn build(args: &RenderArgs) -> Result<(), BuildError> {
    let opts = args.options();
    let report = statusmark::build(&opts)?;
    print_diagnostics(&report.warnings);
    if !report.widget_included && matches!(opts.widget, WidgetSource::Embedded) {
        eprintln!(
            "note: this statusmark binary carries no widget, so the site is static only; build the binary with `cargo xtask dist` (or pass --widget-dir) for live updates"
        );
    }
    eprintln!(
        "built {} incident(s) into {} ({} files, {} KB)",
        report.incidents,
        opts.out.display(),
        report.files,
        report.bytes / 1024
    );
    Ok(())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Build(args) => build(args),
        Command::Check { site, deny_warnings } => match statusmark::check(&site.root) {
            Ok(warnings) if *deny_warnings && !warnings.is_empty() => Err(BuildError::DeniedWarnings(warnings)),
            Ok(warnings) => {
                print_diagnostics(&warnings);
                eprintln!("ok: content is valid ({} warning(s))", warnings.len());
                Ok(())
            }
            Err(e) => Err(e),
        },
        Command::Serve { render, port, host } => build(render).and_then(|()| {
            let out = render.options().out;
            statusmark::serve::serve_dir(&out, host, *port).map_err(BuildError::Serve)
        }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => report(&e),
    }
}
