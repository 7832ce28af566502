# Statusmark's English catalog: every string the generated pages show. The other languages'
# catalogs have the same messages and the same placeholders (a test checks both).
# Placeholders are written { $name }; plurals use CLDR's categories (one, few, many, other…).

## The name of the language, in itself.
language-name = English

## Statuses, as Statuspage names them.
status-operational = Operational
status-degraded_performance = Degraded Performance
status-partial_outage = Partial Outage
status-major_outage = Major Outage
status-under_maintenance = Under Maintenance
status-unknown = Unknown
indicator-none = All Systems Operational
indicator-minor = Degraded System Service
indicator-major = Partial System Outage
indicator-critical = Major System Outage
indicator-maintenance = Service Under Maintenance
indicator-unknown = Status Unknown
impact-none = No impact
impact-minor = Minor
impact-major = Major
impact-critical = Critical
impact-maintenance = Maintenance
impact-unknown = Unknown
incident-investigating = Investigating
incident-identified = Identified
incident-monitoring = Monitoring
incident-resolved = Resolved
incident-update = Update
incident-postmortem = Postmortem
incident-unknown = Unknown
phase-scheduled = Scheduled
phase-in_progress = In progress
phase-verifying = Verifying
phase-completed = Completed
phase-cancelled = Cancelled
phase-unknown = Unknown
phase-update = Update
phase-in_progress-overrunning = In progress, overrunning
phase-verifying-overrunning = Verifying, overrunning
maintenance-emergency = Emergency maintenance
maintenance-scheduled = Scheduled maintenance

## Lengths of time, in their two largest units.
duration-m = { $m } min
duration-h = { $h } h
duration-hm = { $h } h { $m } min
duration-dh = { $d } d { $h } h

## Every page.
skip-to-content = Skip to content
meta-description = Current status, incidents and maintenance of { $site }.
links-label = Links
link-support = Support
link-contact = Contact
link-home = Home
breadcrumb = Breadcrumb
feed-status-json = Status feed
feed-history-atom = { $site } history (Atom)
feed-history-rss = { $site } history (RSS)
feed-component-atom = { $site } — { $component } history (Atom)
feed-component-rss = { $site } — { $component } history (RSS)
footer-updated = Last updated { $time }
footer-calendar = Maintenance calendar
footer-reports = Uptime reports
footer-api = API
footer-powered = Powered by Statusmark
subscribe = Subscribe
subscribe-email = Get updates by email
subscribe-chat = Join us on { $service }
subscribe-atom = Atom feed
subscribe-rss = RSS feed
subscribe-calendar = Maintenance calendar
subscribe-all = All components
page-title = { $page } · { $site }
uptime-percent = { $value } % uptime
no-data = No data
sla-met = met
sla-missed = missed
sla = SLA { $value } %

## The home page.
active-incidents = Active incidents
maintenance = Maintenance
maintenance-affects = Affects { $components }
components = Components
uptime-legend = Uptime over the last { $days } days. Downtime counts major-outage minutes in full and partial-outage minutes at 30 %; degraded performance and maintenance do not count.
days-ago = { $days } days ago
today = Today
metrics-link = Metrics from monitoring →
upstreams = Services we depend on
upstreams-legend = What these services' own status pages said when last checked. They are not counted in our uptime.
upstreams-legend-uncounted = What these services' own status pages said when last checked. They are not counted in our uptime or in our overall status.
upstream-incident = Incident: { $title }
upstream-maintenance = Maintenance: { $title }
upstream-missing = Not on their page: { $names }
upstream-checked = Checked { $time }
upstream-not-checked = Not checked yet
upstream-counts = counts in our overall status
upstream-stale = Unknown — last known { $status } at { $time }
upstream-never = Unknown — not fetched yet
past-incidents = Past incidents
no-incidents = No incidents reported.
full-history = Full incident history →

## Uptime bars and their day-by-day details.
bar-label = { $component }: daily status for { $days } days
day-by-day = Day by day
bar-days = { $status }: { $count ->
    [one] { $count } day
   *[other] { $count } days
}
bar-dates = { $status }: { $dates }
day-no-data = { $date }: no data
day-no-incidents = { $date }: no incidents
day-incidents = { $date }: { $titles }
day-downtime = { $minutes } min downtime
day-range = { $from } – { $to }
day-run-quiet = { $when }: { $status }, no incidents
day-run-nodata = { $when }: { $status }
day-run = { $when }: { $status } — { $detail }

## Incident cards and pages.
incident-impact = { $impact } impact
incident-no-impact = No impact
incident-started = started { $time }
incident-lasted = lasted { $duration }
incident-ongoing = ongoing
crumb-incident = Incident
fact-status = Status
fact-impact = Impact
fact-started = Started
fact-resolved = Resolved
fact-ongoing-for = Ongoing for
response-first-update = Time to first update
response-resolve = Time to resolve
response-no-update = no update yet
response-not-resolved = not resolved yet
response-target = target { $target }
affected-components = Affected components
updates = Updates

## Maintenance pages.
crumb-maintenance = Maintenance
fact-phase = Phase
fact-reason = Reason
fact-starts = Starts
fact-ends = Ends
series = A recurring window ({ $rule }), in { $zone } time: { $start } to { $end }.
next-occurrences = Next occurrences
occurrence-cancelled = cancelled
add-to-calendar = Add to calendar
subscribe-maintenance = Subscribe to all maintenance
components-under-maintenance = Components under maintenance

## History and component pages.
crumb-history = History
history = Incident history
history-legend-before = Uptime per month and quarter, with targets met or missed:
history-legend-link = uptime reports
crumb-components = Components
uptime-reported = Reported: { $value } % uptime
uptime-by-month = Uptime by month
month = Month
uptime = Uptime
downtime-legend = Downtime counts major-outage minutes in full and partial-outage minutes at 30 %; degraded performance and maintenance do not count.
component-feed = Atom feed for this component
incidents = Incidents
no-component-incidents = No incidents have affected this component.
pager = Pages
pager-newer = ← Newer
pager-older = Older →
pager-page = Page { $page } of { $pages }

## The page not found.
not-found = Page not found
not-found-text = This page does not exist.
not-found-link = See the current status

## Uptime reports.
crumb-reports = Uptime reports
reports = Uptime reports
reports-legend = Uptime per calendar month and quarter in the { $zone } time zone, computed from the incident reports. Downtime counts major-outage time in full and partial-outage time at 30 %; degraded performance and maintenance do not count. Overlapping incidents count once.
reports-by-year = By year
reports-data = Data
reports-data-legend = One row per month and per quarter, from the first month on record.
reports-all-components = All components
report = Uptime report { $year }
report-years = Years
report-legend = Times in { $zone }. Downtime counts major-outage time in full and partial-outage time at 30 %; degraded performance and maintenance do not count; overlapping incidents count once. A target is met when the uptime is at least the target; a period not over yet has missed it once its downtime is more than the whole period allows, and is undecided before that. Uptime is rounded down. * marks a period not over yet.
report-component = Component
report-target = Target
report-none = none
report-not-covered = not covered
report-so-far = so far: the period is not over
report-met = met
report-missed = missed
report-undecided = undecided
report-quarter = Q{ $quarter }
report-quarter-year = Q{ $quarter } { $year }
uptime-by-quarter = Uptime by quarter
response-times = Response times
responses-legend = All incidents, by the period they started in. Time to first update runs from the start to the first update after the opening one; time to resolve, from the start to the resolution.
responses-no-targets = No response targets are set.
responses-period = Period
responses-incidents = Incidents
responses-respond-within = First update within target
responses-respond-median = Median time to first update
responses-resolve-within = Resolved within target
responses-resolve-median = Median time to resolve
responses-met-missed = { $met } met · { $missed } missed
report-data = Data:
report-data-all = (all components); per component on the
report-data-page = reports page

## Probes and metrics.
measured-by-probes = Measured by probes
measured-legend = What automatic checks saw. The status and the uptime above are what people reported in incidents; a failed check never changes them.
probe = Probe { $id }
measured = Measured:
reported = Reported:
measured-none = no checks in the last { $days } days
measured-latest = latest check { $check }
response-time = Response time:
target = target { $value }
chart-numbers = Numbers
chart-scale = scale 0–{ $top }
chart-checks = Checks
chart-failed = Failed
chart-value = Value
crumb-metrics = Metrics
metrics = Metrics
metrics-legend = Figures from monitoring, as last fetched. They describe the service; the status above each component is what people reported.
metric-missing = No data yet: this metric has not been fetched.
metric-unreadable = No data: the last snapshot could not be read.
metric-current = Current
metric-no-value = no value
metric-target = Target
metric-fetched = Fetched
metric-stale = Out of date:
metric-stale-text = this snapshot answers an earlier query; the target is not judged until it is fetched again.

## The widget demo page.
crumb-widget = Widget
widget-title = Embed this status in your site
widget-intro = Add one script and one element to any page. The widget fetches status.json, keeps itself current, and renders inside a Shadow DOM so it cannot clash with your styles. See the embedding guide in the Statusmark docs for every option.
widget-badge = Badge
widget-badge-text = a dot and one line.
widget-compact = Compact
widget-compact-text = (the default): the overall status and the components with a problem.
widget-full = Full
widget-full-text = every component by group, active incidents and maintenance.
widget-dark = Dark, a subset of components

## Numbers.
percent = { $value } %

## What the page script says when the page is out of date ("5 hours ago" is the browser's).
stale-note = This page may be out of date — last updated { $ago }

## The note on a time the page script shows in the visitor's zone: the site's own time.
site-time = site time

## The embeddable widget ("3 min ago" is the browser's).
widget-loading = Loading status…
widget-unavailable = Status unavailable
widget-view-page = View status page
widget-updated = Last updated { $ago }
widget-dismiss = Dismiss

## Feeds, calendars and badges.
feed-title = { $site } status history
feed-component-title = { $site } — { $component } status history
feed-description = Incidents and maintenance for { $site }
feed-impact = impact: { $impact }
feed-no-impact = impact: none
feed-window = { $from } to { $to }
maintenance-titled = { $kind }: { $title }
maintenance-kind = Maintenance
calendar-affects = Affects: { $components }
calendar-name = { $site } maintenance
calendar-component-name = { $site } — { $component } maintenance
badge-status = status
badge-percent = { $value }%
badge-no-data = no data
badge-uptime = { $component } uptime

## Sites in several languages.
language-switcher = Language
not-translated = This report is not available in English yet; here is the original.
part-not-translated = Not translated into English yet; here is the original.

## Probe charts and metrics: what the generator writes beside the figures.
chart-period-24h = Last 24 hours, per hour
chart-period-30d = Last 30 days, per day
chart-period-90d = Last 90 days, per day
chart-period-snapshot = Snapshot
chart-unit-hour = Hour
chart-unit-day = Day
chart-unit-time = Time
chart-span-24h = 24 hours
chart-span-30d = 30 days
chart-span-90d = 90 days
chart-summary-none = No response times over { $span }.
chart-summary = p95 { $p95 } over { $span }.
chart-summary-target = p95 { $p95 } over { $span }, target { $target }: { $verdict }.
probe-measured = { $percent } % of { $checks } checks
probe-latest-up-time = { $when }: up, { $took }
probe-latest-up = { $when }: up
probe-latest-failed = { $when }: failed
metric-summary-none = No values in the snapshot.
metric-summary = Latest { $value }.
metric-summary-stale = Latest { $value }, out of date.
metric-summary-target = Latest { $value }, target { $target }: { $verdict }.

## Notifications (chat and email), in the site's language.
notice-maintenance-scheduled = Maintenance scheduled
notice-maintenance-rescheduled = Maintenance rescheduled
notice-maintenance-cancelled = Maintenance cancelled
notice-maintenance-started = Maintenance in progress
notice-maintenance-completed = Maintenance completed
notice-starts-in-days = Maintenance starts in { $count ->
        [one] 1 day
       *[other] { $count } days
    }
notice-starts-in-hours = Maintenance starts in { $count ->
        [one] 1 hour
       *[other] { $count } hours
    }
notice-starts-in-minutes = Maintenance starts in { $count ->
        [one] 1 minute
       *[other] { $count } minutes
    }
notice-component-text = { $component } is now { $status } (was { $was }).
notice-component-headline = { $status } (was { $was })
notice-window = Window
notice-when = When
notice-more = More
notice-and-more = and { $count } more
notice-affected = Affected components
notice-posted = Posted
notice-details = Details
notice-view-incident = View incident
notice-view-maintenance = View maintenance
notice-view-page = View status page
email-view = View on the status page
email-why = You receive this because you subscribed to updates from { $site }.
