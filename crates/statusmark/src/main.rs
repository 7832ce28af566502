//! The `statusmark` command: a thin layer over the library. One reporting function turns every
//! failure into readable text and exit status 1 (3 when `probe` wrote a new draft).
#![warn(clippy::too_many_lines)]

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use jiff::Timestamp;
use statusmark::author::{self, AuthorError};
use statusmark::diagnostic::Diagnostic;
use statusmark::init::{Ci, InitError, InitOptions};
use statusmark::measure::fetch::{FetchError, Options as FetchOptions, Outcome as FetchOutcome};
use statusmark::measure::probe::{self, Options as ProbeOptions, ProbeError};
use statusmark::notify::run::{NotifyError, Options as NotifyOptions};
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
    /// Where to write the site, relative to --root unless absolute (replaced atomically when the
    /// build succeeds).
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
enum NewKind {
    /// Open an incident: writes incidents/<date>-<title>.md and prints its path.
    #[command(
        after_help = "Examples:\n  statusmark new incident \"Elevated API errors\" --component api=partial_outage --impact major\n  statusmark new incident \"Slow dashboard\" --component web=degraded_performance --message \"Pages load slowly.\"\n  statusmark new incident --lang de incidents/2026-11-20-elevated-api-errors.md"
    )]
    Incident {
        /// The incident's title (with --lang: the file to translate).
        #[arg(required_unless_present = "from_alertmanager")]
        title: Option<String>,
        /// Write a translation stub of an existing incident (or maintenance notice) instead:
        /// <slug>.<CODE>.md beside the file given as TITLE, holding its texts to translate.
        #[arg(long, value_name = "CODE", conflicts_with_all = ["from_alertmanager", "components", "impact", "message", "at"])]
        lang: Option<String>,
        /// Draft the incident (`draft: true`) from an Alertmanager webhook payload (`-`: stdin)
        /// instead: title, impact, components and start come from the alerts.
        #[arg(long, value_name = "FILE", conflicts_with_all = ["title", "components", "impact", "message"])]
        from_alertmanager: Option<PathBuf>,
        /// An affected component and its status (repeatable): api=partial_outage
        #[arg(long = "component", value_name = "ID=STATUS")]
        components: Vec<String>,
        /// none, minor, major or critical (or sev1…sev4); minor unless given.
        #[arg(long)]
        impact: Option<String>,
        /// The first update's text.
        #[arg(long)]
        message: Option<String>,
        #[command(flatten)]
        site: SiteArgs,
        /// The time to record instead of now (RFC 3339).
        #[arg(long)]
        at: Option<Timestamp>,
    },
    /// Announce a maintenance window: writes content/maintenance/<date>-<title>.md.
    #[command(
        after_help = "Example:\n  statusmark new maintenance \"Database upgrade\" --start 2026-11-25T22:00:00Z --end 2026-11-26T00:00:00Z --component database"
    )]
    Maintenance {
        title: String,
        /// When the window starts (RFC 3339).
        #[arg(long)]
        start: Timestamp,
        /// When it ends (RFC 3339).
        #[arg(long)]
        end: Timestamp,
        /// A component under maintenance (repeatable).
        #[arg(long = "component", value_name = "ID")]
        components: Vec<String>,
        /// Emergency maintenance: urgent work at short notice (no notice-period warning).
        #[arg(long)]
        emergency: bool,
        #[command(flatten)]
        site: SiteArgs,
        /// The announcement time to record instead of now.
        #[arg(long)]
        at: Option<Timestamp>,
    },
}

/// The CI configuration `init` writes.
#[derive(clap::ValueEnum, Clone, Copy)]
enum CiArg {
    /// .github/workflows/status.yml: build on push and hourly, deploy to GitHub Pages.
    Github,
    /// .gitlab-ci.yml: build and publish on GitLab Pages.
    Gitlab,
    /// No CI file.
    None,
}

#[derive(Subcommand)]
enum Command {
    /// Create a new status site: configuration, content folders, .gitignore and a CI workflow.
    #[command(
        after_help = "Never overwrites a file: if any of the files it would write exists, it writes nothing.\nExamples:\n  statusmark init my-status --title \"Acme Status\" --base-url https://status.acme.example/\n  statusmark init --ci gitlab --example"
    )]
    Init {
        /// The site's folder (created if missing).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The site's title.
        #[arg(long, default_value = "Status")]
        title: String,
        /// Where the site is published (http or https), e.g. https://status.example.com/.
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// The CI configuration to write.
        #[arg(long, value_enum, default_value = "github")]
        ci: CiArg,
        /// Also write an example incident (resolved) and maintenance notice (upcoming).
        #[arg(long)]
        example: bool,
    },
    /// Create an incident or a maintenance notice.
    #[command(subcommand)]
    New(NewKind),
    /// Add a timestamped update to an incident (optionally changing component statuses) or to a
    /// maintenance notice (setting its phase from now on).
    #[command(
        after_help = "Examples:\n  statusmark update incidents/2026-11-20-api-errors.md --status identified \"A bad deploy; rolling back.\"\n  statusmark update incidents/2026-11-20-api-errors.md --status monitoring \"Fix deployed.\" --component api=degraded_performance\n  statusmark update content/maintenance/2026-11-25-db-upgrade.md --status in_progress \"Work has started.\"\n  statusmark update content/maintenance/2026-11-25-db-upgrade.md --status completed \"Done, ahead of schedule.\""
    )]
    Update {
        /// The incident or maintenance file.
        file: PathBuf,
        /// Incidents: investigating, identified, monitoring or update.
        /// Maintenance: in_progress, verifying, completed or update.
        #[arg(long)]
        status: String,
        /// The update's text (Markdown).
        message: String,
        /// A status change from now on (repeatable): api=degraded_performance
        #[arg(long = "component", value_name = "ID=STATUS")]
        components: Vec<String>,
        #[command(flatten)]
        site: SiteArgs,
        /// The time to record instead of now.
        #[arg(long)]
        at: Option<Timestamp>,
    },
    /// Resolve an incident: sets `resolved` and adds a Resolved update.
    #[command(
        after_help = "Example:\n  statusmark resolve incidents/2026-11-20-api-errors.md \"Error rates are back to normal.\""
    )]
    Resolve {
        file: PathBuf,
        /// The Resolved update's text.
        message: Option<String>,
        #[command(flatten)]
        site: SiteArgs,
        /// The time to record instead of now.
        #[arg(long)]
        at: Option<Timestamp>,
    },
    /// Cancel a maintenance window: sets `cancelled` to the reason and adds a Cancelled update.
    /// A recurring window is cancelled from now (or `--at`) on: `cancelled_from`, and the reason;
    /// its earlier occurrences keep their history.
    #[command(
        after_help = "Example:\n  statusmark cancel content/maintenance/2026-11-25-db-upgrade.md \"The vendor postponed the upgrade.\""
    )]
    Cancel {
        /// The maintenance file.
        file: PathBuf,
        /// Why it is cancelled (one line; shown on the page and sent to subscribers).
        reason: String,
        #[command(flatten)]
        site: SiteArgs,
        /// The time to record instead of now.
        #[arg(long)]
        at: Option<Timestamp>,
    },
    /// Publish a draft: removes `draft: true` from its front matter, keeping every other byte.
    #[command(after_help = "Example:\n  statusmark publish incidents/2026-11-20-api-errors.md")]
    Publish {
        file: PathBuf,
        #[command(flatten)]
        site: SiteArgs,
        /// Validate as of this time instead of now.
        #[arg(long)]
        at: Option<Timestamp>,
    },
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
        /// Check as of this instant (RFC 3339) instead of now.
        #[arg(long)]
        now: Option<Timestamp>,
        /// Treat warnings as errors.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Tell people: push every change the content records to webhooks, chats and email, exactly once.
    #[command(
        after_help = "Run it after each deploy and hourly (maintenance starts and ends by the clock).\nExamples:\n  statusmark notify --state .statusmark/notify-record.jsonl\n  statusmark notify --dry-run --out outbox"
    )]
    Notify {
        #[command(flatten)]
        site: SiteArgs,
        /// The instant to work out events at (RFC 3339). Default: now.
        #[arg(long)]
        now: Option<Timestamp>,
        /// The delivery record; a first run without one sends nothing already past.
        /// Default: <root>/.statusmark/notify-record.jsonl
        #[arg(long, value_name = "FILE")]
        state: Option<PathBuf>,
        /// Print what would be sent and write the messages to --out; send nothing, record nothing.
        #[arg(long)]
        dry_run: bool,
        /// Where --dry-run writes the messages (.eml and .json).
        #[arg(long, value_name = "DIR", requires = "dry_run")]
        out: Option<PathBuf>,
    },
    /// Ask Prometheus for each [[metrics]] entry and write data/metrics/<id>.json, and read each
    /// [[upstreams]] status page into data/upstreams/<id>.json, for the next build.
    #[command(
        after_help = "Each metric names the variable holding Prometheus's base URL (prometheus_url_env; credentials as https://user:password@host).\nA metric or upstream that fails keeps its previous snapshot, the others are still written, and the exit status is 1.\nExamples:\n  PROMETHEUS_URL=http://prometheus:9090 statusmark fetch\n  statusmark fetch --only api-latency-p95 --timeout 10s --now 2026-11-20T15:00:00Z"
    )]
    Fetch {
        #[command(flatten)]
        site: SiteArgs,
        /// Where the ranges end (RFC 3339), rounded down to each metric's step. Default: now.
        #[arg(long)]
        now: Option<Timestamp>,
        /// Fetch only this metric or upstream (repeatable).
        #[arg(long = "only", value_name = "ID")]
        only: Vec<String>,
        /// How long one metric's or upstream's request may take, answer included (30s, 2m).
        #[arg(long, default_value = "30s", value_parser = positive_duration)]
        timeout: std::time::Duration,
    },
    /// Run every [[probes]] check once and append the results to data/probes/; draft an incident for
    /// a probe that keeps failing.
    #[command(
        after_help = "Prints one line per probe; warnings and new drafts go to stderr. Drafts are never published by\nthemselves: a person confirms them and runs `statusmark publish FILE`.\nExit status: 0 the probes ran (whatever they found); 3 they ran and at least one new draft\nincident was written; 1 an error (invalid configuration, unknown --only id, unwritable data/).\nExamples:\n  statusmark probe\n  statusmark probe --root my-status --only api-health --now 2026-12-02T10:05:00Z"
    )]
    Probe {
        #[command(flatten)]
        site: SiteArgs,
        /// The time to record for this run's checks (RFC 3339). Default: now.
        #[arg(long)]
        now: Option<Timestamp>,
        /// Run only this probe (repeatable).
        #[arg(long = "only", value_name = "ID")]
        only: Vec<String>,
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

/// Why a command failed: the site (build, check, serve) or an author's edit.
enum Failure {
    Site(BuildError),
    Author(AuthorError),
    Notify(NotifyError),
    Init(InitError),
    Fetch(FetchError),
    Probe(ProbeError),
    /// Not an error: `probe` wrote new draft incidents, which exit status 3 tells CI.
    Drafted,
    /// Something was left undelivered; already reported line by line.
    Undelivered,
}

/// The one place failures become text ([`BuildError::report`] for the site), and status 1 (3 for a new probe draft, which is not an error).
fn report(failure: &Failure) -> ExitCode {
    match failure {
        Failure::Site(e) => eprintln!("{}", e.report()),
        Failure::Author(AuthorError::Invalid(diags)) => {
            print_diagnostics(diags);
            eprintln!("error: the change would make the content invalid; the file is unchanged");
        }
        Failure::Author(e) => eprintln!("error: {e}"),
        Failure::Notify(NotifyError::Content(diags)) => {
            print_diagnostics(diags);
            eprintln!("error: the content has errors; nothing was sent");
        }
        Failure::Notify(e) => eprintln!("error: {e}"),
        Failure::Init(InitError::Invalid(diags)) => {
            print_diagnostics(diags);
            eprintln!("error: the new site does not validate (a defect in statusmark); nothing was written");
        }
        Failure::Init(e) => eprintln!("error: {e}"),
        Failure::Fetch(FetchError::Config(diags)) => {
            print_diagnostics(diags);
            eprintln!("error: the configuration has errors; nothing was fetched");
        }
        Failure::Fetch(e) => eprintln!("error: {e}"),
        Failure::Probe(ProbeError::Config(diags)) => {
            print_diagnostics(diags);
            eprintln!("error: the configuration has errors; no probe ran");
        }
        Failure::Probe(e) => eprintln!("error: {e}"),
        Failure::Drafted => return ExitCode::from(3),
        Failure::Undelivered => {}
    }
    ExitCode::FAILURE
}

fn build(args: &RenderArgs) -> Result<(), BuildError> {
    let opts = args.options();
    // Once the site is written and reported, the process ends without freeing what the build
    // held: the system takes it back at once.
    statusmark::build_then(&opts, |report| {
        built(&opts, report);
        std::process::exit(0)
    })?;
    // Reached only if `build_then` returned, which it does only with an error: `done` exits.
    Ok(())
}

/// What `build` says of a build that passed: its warnings, then what it wrote.
fn built(opts: &statusmark::BuildOptions, report: &statusmark::BuildReport) {
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
}

fn components(args: &[String]) -> Result<Vec<(String, statusmark_feed::ComponentStatus)>, AuthorError> {
    args.iter().map(|a| author::parse_component_arg(a)).collect()
}

fn new(kind: &NewKind, now: Timestamp) -> Result<(), AuthorError> {
    let path = match kind {
        NewKind::Incident {
            from_alertmanager: Some(payload),
            site,
            at,
            ..
        } => return from_alertmanager(&site.root, payload, at.unwrap_or(now)),
        NewKind::Incident {
            lang: Some(lang),
            title,
            site,
            ..
        } => author::new_translation(
            &site.root,
            std::path::Path::new(title.as_deref().unwrap_or_default()),
            lang,
            now,
        )?,
        NewKind::Incident {
            title,
            components: c,
            impact,
            message,
            site,
            at,
            ..
        } => components(c).and_then(|c| {
            let title = title.as_deref().unwrap_or_default();
            let impact = impact.as_deref().unwrap_or("minor");
            author::new_incident(&site.root, title, impact, &c, message.as_deref(), at.unwrap_or(now))
        })?,
        NewKind::Maintenance {
            title,
            start,
            end,
            components,
            emergency,
            site,
            at,
        } => author::new_maintenance(
            &site.root,
            title,
            *start,
            *end,
            components,
            *emergency,
            at.unwrap_or(now),
        )?,
    };
    println!("{}", path.display());
    Ok(())
}

fn from_alertmanager(root: &std::path::Path, payload: &std::path::Path, now: Timestamp) -> Result<(), AuthorError> {
    let (name, text) = author::read_payload(payload)?;
    match author::new_incident_from_alertmanager(root, &name, &text, now)? {
        author::AlertOutcome::Drafted { path, warnings } => {
            for w in warnings {
                eprintln!("warning: {w}");
            }
            println!("{}", path.display());
            eprintln!("drafted {}: review it, then `statusmark publish` it", path.display());
        }
        author::AlertOutcome::AlreadyDrafted(path) => eprintln!("already drafted: {}", path.display()),
        author::AlertOutcome::NothingFiring => eprintln!("no firing alert in {name}: nothing drafted"),
    }
    Ok(())
}

fn check(site: &SiteArgs, now: Option<Timestamp>, deny_warnings: bool) -> Result<(), BuildError> {
    let statusmark::CheckReport { warnings, drafts } =
        statusmark::check(&site.root, now.unwrap_or_else(Timestamp::now))?;
    // Drafts are not a problem: listed for the author, never a warning.
    if !drafts.is_empty() {
        eprintln!("{}", author::drafts_line(&drafts));
    }
    if deny_warnings && !warnings.is_empty() {
        return Err(BuildError::DeniedWarnings(warnings));
    }
    print_diagnostics(&warnings);
    eprintln!("ok: content is valid ({} warning(s))", warnings.len());
    Ok(())
}

fn notify(opts: &NotifyOptions) -> Result<(), Failure> {
    let summary = statusmark::notify::run::run(opts, &|line| eprintln!("{line}")).map_err(Failure::Notify)?;
    if opts.dry_run {
        eprintln!(
            "dry run: {} message(s) would be sent, {} event(s) would be recorded as skipped; nothing was sent or recorded",
            summary.would_send, summary.skipped
        );
        return Ok(());
    }
    if summary.first_run {
        eprintln!(
            "first run: {} event(s) already past were recorded as the starting point in {}; nothing was sent",
            summary.skipped,
            opts.state.display()
        );
    }
    eprintln!(
        "notify: {} delivered, {} rejected, {} email recipient(s) refused, {} pending, {} skipped",
        summary.sent, summary.rejected, summary.refused, summary.failed, summary.skipped
    );
    if summary.rejected + summary.failed > 0 {
        return Err(Failure::Undelivered);
    }
    Ok(())
}

fn probe(opts: &ProbeOptions) -> Result<(), Failure> {
    let report = probe::run(opts, &|line| eprintln!("{line}")).map_err(Failure::Probe)?;
    for c in &report.checked {
        println!("{}", probe::summary_line(&c.probe_id, &c.record));
    }
    if report.drafts.is_empty() {
        Ok(())
    } else {
        Err(Failure::Drafted)
    }
}

fn init(opts: &InitOptions) -> Result<(), InitError> {
    let written = statusmark::init::init(opts)?;
    for path in &written {
        println!("{}", path.display());
    }
    let root = opts.dir.display().to_string();
    let root = if root.contains(char::is_whitespace) {
        format!("{root:?}")
    } else {
        root
    };
    eprintln!(
        "created a status site in {root} ({} files). Next:\n  preview it:        statusmark serve --root {root}\n  open an incident:  statusmark new incident \"Title\" --component api=partial_outage --root {root}\n  build the site:    statusmark build --root {root}\nSet your title, base_url and components in {}.",
        written.len(),
        opts.dir.join(statusmark::content::config::CONFIG_PATH).display()
    );
    Ok(())
}

fn positive_duration(s: &str) -> Result<std::time::Duration, String> {
    let d: jiff::SignedDuration = s.parse().map_err(|e| format!("{e}"))?;
    std::time::Duration::try_from(d)
        .ok()
        .filter(|d| !d.is_zero())
        .ok_or_else(|| "give a positive duration such as 30s or 2m".to_owned())
}

/// One line per metric: fetched ones on stdout, failed ones (with a help line) on stderr.
fn fetch(opts: &FetchOptions) -> Result<(), FetchError> {
    let summary = statusmark::measure::fetch::run(opts, &|outcome| match outcome {
        FetchOutcome::Fetched(f) => println!("{f}"),
        FetchOutcome::Failed(f) => eprintln!("{f}"),
        FetchOutcome::UpstreamFetched(f) => println!("{f}"),
        FetchOutcome::UpstreamFailed(f) => eprintln!("{f}"),
    })?;
    if summary.fetched + summary.failed == 0 {
        eprintln!("note: the configuration has no [[metrics]] or [[upstreams]]; nothing to fetch");
    }
    if summary.failed > 0 {
        return Err(FetchError::Incomplete {
            failed: summary.failed,
            total: summary.fetched + summary.failed,
            what: summary.what(),
        });
    }
    Ok(())
}

fn run(command: &Command) -> Result<(), Failure> {
    match command {
        Command::Init {
            dir,
            title,
            base_url,
            ci,
            example,
        } => init(&InitOptions {
            dir: dir.clone(),
            title: title.clone(),
            base_url: base_url.clone(),
            ci: match ci {
                CiArg::Github => Ci::Github,
                CiArg::Gitlab => Ci::Gitlab,
                CiArg::None => Ci::None,
            },
            example: *example,
            now: Timestamp::now(),
        })
        .map_err(Failure::Init),
        Command::Build(args) => build(args).map_err(Failure::Site),
        Command::Check {
            site,
            now,
            deny_warnings,
        } => check(site, *now, *deny_warnings).map_err(Failure::Site),
        Command::Serve { render, port, host } => {
            statusmark::serve::serve(&render.options(), host, *port).map_err(Failure::Site)
        }
        Command::Notify {
            site,
            now,
            state,
            dry_run,
            out,
        } => notify(&NotifyOptions {
            root: site.root.clone(),
            now: *now,
            state: state
                .clone()
                .unwrap_or_else(|| statusmark::notify::run::default_state(&site.root)),
            dry_run: *dry_run,
            out: out.clone(),
        }),
        Command::Fetch {
            site,
            now,
            only,
            timeout,
        } => fetch(&FetchOptions {
            now: *now,
            only: only.clone(),
            timeout: *timeout,
            ..FetchOptions::new(&site.root)
        })
        .map_err(Failure::Fetch),
        Command::Probe { site, now, only } => probe(&ProbeOptions {
            root: site.root.clone(),
            now: *now,
            only: only.clone(),
        }),
        Command::New(kind) => new(kind, Timestamp::now()).map_err(Failure::Author),
        Command::Update {
            file,
            status,
            message,
            components: c,
            site,
            at,
        } => components(c)
            .and_then(|c| author::update(&site.root, file, status, message, &c, at.unwrap_or_else(Timestamp::now)))
            .map(|()| eprintln!("updated {}", file.display()))
            .map_err(Failure::Author),
        Command::Cancel { file, reason, site, at } => {
            author::cancel(&site.root, file, reason, at.unwrap_or_else(Timestamp::now))
                .map(|()| eprintln!("cancelled {}", file.display()))
                .map_err(Failure::Author)
        }
        Command::Publish { file, site, at } => author::publish(&site.root, file, at.unwrap_or_else(Timestamp::now))
            .map(|rel| {
                eprintln!("published {rel}; commit it:\n  git add {rel} && git commit -m \"Publish {rel}\"");
            })
            .map_err(Failure::Author),
        Command::Resolve {
            file,
            message,
            site,
            at,
        } => author::resolve(&site.root, file, message.as_deref(), at.unwrap_or_else(Timestamp::now))
            .map(|()| eprintln!("resolved {}", file.display()))
            .map_err(Failure::Author),
    }
}

/// mimalloc rather than the system's allocator: a build allocates and frees many small values
/// per page, and mimalloc's per-thread free lists make a build about 8 % cheaper at N = 10,000
/// and 100,000 (BENCHMARKS.md, "Nineteenth sitting").
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc.h (the same place in mimalloc 2 and 3): how many
/// milliseconds freed memory stays with the process before it is given back to the system.
#[cfg(feature = "mimalloc")]
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Freed memory goes back to the system after 10 ms, not mimalloc 3's second: with a second,
/// pages freed by one thread stay resident while the others allocate, and building 100,000
/// incidents peaked at about 225 MB on 2 threads and 273 MB on 16 (the system's allocator: 206
/// and 227 MB); with 10 ms, 188–192 and 208–217 MB, as fast. A delay set in the environment
/// (`MIMALLOC_PURGE_DELAY`) still decides.
#[cfg(feature = "mimalloc")]
fn give_freed_memory_back_soon() {
    // SAFETY: sets the default of one of mimalloc's options, a plain store, first thing in
    // `main`, before any other thread exists; the option's number is checked by a test.
    #[allow(unsafe_code)]
    unsafe {
        libmimalloc_sys::mi_option_set_default(MI_OPTION_PURGE_DELAY, 10);
    }
}

fn main() -> ExitCode {
    #[cfg(feature = "mimalloc")]
    give_freed_memory_back_soon();
    match run(&Cli::parse().command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => report(&failure),
    }
}

#[cfg(all(test, feature = "mimalloc"))]
mod tests {
    /// [`super::MI_OPTION_PURGE_DELAY`] is mimalloc's purge delay: in a process that has not
    /// set it (tests do not run `main`), the option reads mimalloc 3's default, one second, and
    /// the options either side of it read theirs (1 and 0).
    #[test]
    fn the_option_set_in_main_is_mimallocs_purge_delay() {
        let n = super::MI_OPTION_PURGE_DELAY;
        // SAFETY: reads three of mimalloc's options.
        #[allow(unsafe_code)]
        let [before, delay, after] = [n - 1, n, n + 1].map(|o| unsafe { libmimalloc_sys::mi_option_get(o) });
        assert_eq!(delay, 1000, "is MIMALLOC_PURGE_DELAY set in the environment?");
        assert_eq!((before, after), (1, 0));
    }
}
