# Statusmark's German catalog: the same messages and placeholders as en.ftl.

## The name of the language, in itself.
language-name = Deutsch

## Statuses, as Statuspage names them.
status-operational = Betriebsbereit
status-degraded_performance = Beeinträchtigte Leistung
status-partial_outage = Teilweiser Ausfall
status-major_outage = Schwerer Ausfall
status-under_maintenance = In Wartung
status-unknown = Unbekannt
indicator-none = Alle Systeme betriebsbereit
indicator-minor = Systemleistung beeinträchtigt
indicator-major = Teilweiser Systemausfall
indicator-critical = Schwerer Systemausfall
indicator-maintenance = Wartungsarbeiten laufen
indicator-unknown = Status unbekannt
impact-none = Keine
impact-minor = Gering
impact-major = Erheblich
impact-critical = Kritisch
impact-maintenance = Wartung
impact-unknown = Unbekannt
incident-investigating = Untersuchung läuft
incident-identified = Ursache identifiziert
incident-monitoring = Wird beobachtet
incident-resolved = Behoben
incident-update = Update
incident-postmortem = Postmortem
incident-unknown = Unbekannt
phase-scheduled = Geplant
phase-in_progress = Wird durchgeführt
phase-verifying = Wird überprüft
phase-completed = Abgeschlossen
phase-cancelled = Abgesagt
phase-unknown = Unbekannt
phase-update = Update
phase-in_progress-overrunning = Wird durchgeführt, länger als geplant
phase-verifying-overrunning = Wird überprüft, länger als geplant
maintenance-emergency = Notfallwartung
maintenance-scheduled = Geplante Wartung

## Lengths of time, in their two largest units.
duration-m = { $m } Min.
duration-h = { $h } Std.
duration-hm = { $h } Std. { $m } Min.
duration-dh = { $d } Tg. { $h } Std.

## Every page.
skip-to-content = Zum Inhalt springen
meta-description = Aktueller Status, Vorfälle und Wartungsarbeiten von { $site }.
links-label = Links
link-support = Support
link-contact = Kontakt
link-home = Startseite
breadcrumb = Navigationspfad
feed-status-json = Status-Feed
feed-history-atom = Verlauf von { $site } (Atom)
feed-history-rss = Verlauf von { $site } (RSS)
feed-component-atom = { $site } — Verlauf von { $component } (Atom)
feed-component-rss = { $site } — Verlauf von { $component } (RSS)
footer-updated = Zuletzt aktualisiert: { $time }
footer-calendar = Wartungskalender
footer-reports = Verfügbarkeitsberichte
footer-api = API
footer-powered = Erstellt mit Statusmark
subscribe = Abonnieren
subscribe-email = Updates per E-Mail erhalten
subscribe-chat = Treten Sie uns auf { $service } bei
subscribe-atom = Atom-Feed
subscribe-rss = RSS-Feed
subscribe-calendar = Wartungskalender
subscribe-all = Alle Komponenten
page-title = { $page } · { $site }
uptime-percent = { $value } % Verfügbarkeit
no-data = Keine Daten
sla-met = erreicht
sla-missed = verfehlt
sla = SLA { $value } %

## The home page.
active-incidents = Aktuelle Vorfälle
maintenance = Wartungsarbeiten
maintenance-affects = Betrifft { $components }
components = Komponenten
uptime-legend = Verfügbarkeit in den letzten { $days } Tagen. Als Ausfallzeit zählen Minuten mit schwerem Ausfall voll und Minuten mit teilweisem Ausfall zu 30 %; beeinträchtigte Leistung und Wartungsarbeiten zählen nicht.
days-ago = vor { $days } Tagen
today = Heute
metrics-link = Metriken aus dem Monitoring →
upstreams = Dienste, von denen wir abhängen
upstreams-legend = Was die eigenen Statusseiten dieser Dienste bei der letzten Prüfung meldeten. Sie fließen nicht in unsere Verfügbarkeit ein.
upstreams-legend-uncounted = Was die eigenen Statusseiten dieser Dienste bei der letzten Prüfung meldeten. Sie fließen weder in unsere Verfügbarkeit noch in unseren Gesamtstatus ein.
upstream-incident = Vorfall: { $title }
upstream-maintenance = Wartung: { $title }
upstream-missing = Nicht auf deren Statusseite: { $names }
upstream-checked = Geprüft: { $time }
upstream-not-checked = Noch nicht geprüft
upstream-counts = fließt in unseren Gesamtstatus ein
upstream-stale = Unbekannt — zuletzt bekannt: { $status }, Stand { $time }
upstream-never = Unbekannt — noch nicht abgerufen
past-incidents = Vergangene Vorfälle
no-incidents = Keine Vorfälle gemeldet.
full-history = Alle bisherigen Vorfälle →

## Uptime bars and their day-by-day details.
bar-label = { $component }: täglicher Status über { $days } Tage
day-by-day = Tag für Tag
bar-days = { $status }: { $count ->
    [one] { $count } Tag
   *[other] { $count } Tage
}
bar-dates = { $status }: { $dates }
day-no-data = { $date }: keine Daten
day-no-incidents = { $date }: keine Vorfälle
day-incidents = { $date }: { $titles }
day-downtime = { $minutes } Min. Ausfallzeit
day-range = { $from } – { $to }
day-run-quiet = { $when }: { $status }, keine Vorfälle
day-run-nodata = { $when }: { $status }
day-run = { $when }: { $status } — { $detail }

## Incident cards and pages.
incident-impact = Auswirkung: { $impact }
incident-no-impact = Auswirkung: Keine
incident-started = Beginn: { $time }
incident-lasted = Dauer: { $duration }
incident-ongoing = dauert an
crumb-incident = Vorfall
fact-status = Status
fact-impact = Auswirkung
fact-started = Beginn
fact-resolved = Behoben
fact-ongoing-for = Dauert an seit
response-first-update = Zeit bis zum ersten Update
response-resolve = Zeit bis zur Behebung
response-no-update = noch kein Update
response-not-resolved = noch nicht behoben
response-target = Ziel: { $target }
affected-components = Betroffene Komponenten
updates = Updates

## Maintenance pages.
crumb-maintenance = Wartung
fact-phase = Phase
fact-reason = Grund
fact-starts = Beginn
fact-ends = Ende
series = Ein wiederkehrendes Wartungsfenster ({ $rule }), Zeitzone { $zone }: { $start } bis { $end }.
next-occurrences = Nächste Termine
occurrence-cancelled = abgesagt
add-to-calendar = Zum Kalender hinzufügen
subscribe-maintenance = Alle Wartungsarbeiten abonnieren
components-under-maintenance = Komponenten in Wartung

## History and component pages.
crumb-history = Verlauf
history = Verlauf der Vorfälle
history-legend-before = Verfügbarkeit pro Monat und Quartal, mit erreichten oder verfehlten Zielen:
history-legend-link = Verfügbarkeitsberichte
crumb-components = Komponenten
uptime-reported = Gemeldet: { $value } % Verfügbarkeit
uptime-by-month = Verfügbarkeit nach Monat
month = Monat
uptime = Verfügbarkeit
downtime-legend = Als Ausfallzeit zählen Minuten mit schwerem Ausfall voll und Minuten mit teilweisem Ausfall zu 30 %; beeinträchtigte Leistung und Wartungsarbeiten zählen nicht.
component-feed = Atom-Feed für diese Komponente
incidents = Vorfälle
no-component-incidents = Diese Komponente war von keinem Vorfall betroffen.
pager = Seiten
pager-newer = ← Neuere
pager-older = Ältere →
pager-page = Seite { $page } von { $pages }

## The page not found.
not-found = Seite nicht gefunden
not-found-text = Diese Seite existiert nicht.
not-found-link = Zum aktuellen Status

## Uptime reports.
crumb-reports = Verfügbarkeitsberichte
reports = Verfügbarkeitsberichte
reports-legend = Verfügbarkeit pro Kalendermonat und Quartal in der Zeitzone { $zone }, berechnet aus den Vorfallberichten. Als Ausfallzeit zählt Zeit mit schwerem Ausfall voll und Zeit mit teilweisem Ausfall zu 30 %; beeinträchtigte Leistung und Wartungsarbeiten zählen nicht. Sich überschneidende Vorfälle zählen nur einmal.
reports-by-year = Nach Jahr
reports-data = Daten
reports-data-legend = Eine Zeile pro Monat und pro Quartal, ab dem ersten erfassten Monat.
reports-all-components = Alle Komponenten
report = Verfügbarkeitsbericht { $year }
report-years = Jahre
report-legend = Zeitangaben in { $zone }. Als Ausfallzeit zählt Zeit mit schwerem Ausfall voll und Zeit mit teilweisem Ausfall zu 30 %; beeinträchtigte Leistung und Wartungsarbeiten zählen nicht; sich überschneidende Vorfälle zählen nur einmal. Ein Ziel ist erreicht, wenn die Verfügbarkeit mindestens dem Ziel entspricht; ein noch nicht abgeschlossener Zeitraum hat es verfehlt, sobald seine Ausfallzeit größer ist, als der gesamte Zeitraum zulässt, und ist bis dahin offen. Die Verfügbarkeit wird abgerundet. * kennzeichnet einen noch nicht abgeschlossenen Zeitraum.
report-component = Komponente
report-target = Ziel
report-none = keines
report-not-covered = nicht abgedeckt
report-so-far = vorläufig: Der Zeitraum ist noch nicht abgeschlossen
report-met = erreicht
report-missed = verfehlt
report-undecided = offen
report-quarter = Q{ $quarter }
report-quarter-year = Q{ $quarter } { $year }
uptime-by-quarter = Verfügbarkeit nach Quartal
response-times = Reaktionszeiten
responses-legend = Alle Vorfälle, nach dem Zeitraum, in dem sie begonnen haben. Die Zeit bis zum ersten Update reicht vom Beginn bis zum ersten Update nach der Erstmeldung, die Zeit bis zur Behebung vom Beginn bis zur Behebung.
responses-no-targets = Es sind keine Reaktionsziele festgelegt.
responses-period = Zeitraum
responses-incidents = Vorfälle
responses-respond-within = Erstes Update innerhalb des Ziels
responses-respond-median = Median bis zum ersten Update
responses-resolve-within = Innerhalb des Ziels behoben
responses-resolve-median = Median bis zur Behebung
responses-met-missed = { $met } erreicht · { $missed } verfehlt
report-data = Daten:
report-data-all = (alle Komponenten); pro Komponente auf der
report-data-page = Berichtsseite

## Probes and metrics.
measured-by-probes = Von Sonden gemessen
measured-legend = Was automatische Prüfungen festgestellt haben. Status und Verfügbarkeit oben geben wieder, was in Vorfällen gemeldet wurde; eine fehlgeschlagene Prüfung ändert sie nie.
probe = Sonde { $id }
measured = Gemessen:
reported = Gemeldet:
measured-none = keine Prüfungen in den letzten { $days } Tagen
measured-latest = letzte Prüfung: { $check }
response-time = Antwortzeit:
target = Ziel: { $value }
chart-numbers = Zahlen
chart-scale = Skala 0–{ $top }
chart-checks = Prüfungen
chart-failed = Fehlgeschlagen
chart-value = Wert
crumb-metrics = Metriken
metrics = Metriken
metrics-legend = Werte aus dem Monitoring, Stand des letzten Abrufs. Sie beschreiben den Dienst; der Status über jeder Komponente gibt wieder, was gemeldet wurde.
metric-missing = Noch keine Daten: Diese Metrik wurde noch nicht abgerufen.
metric-unreadable = Keine Daten: Der letzte Snapshot konnte nicht gelesen werden.
metric-current = Aktuell
metric-no-value = kein Wert
metric-target = Ziel
metric-fetched = Abgerufen
metric-stale = Veraltet:
metric-stale-text = Dieser Snapshot beantwortet eine frühere Abfrage; das Ziel wird erst nach dem nächsten Abruf bewertet.

## The widget demo page.
crumb-widget = Widget
widget-title = Diesen Status in Ihre Website einbetten
widget-intro = Fügen Sie einer beliebigen Seite ein Skript und ein Element hinzu. Das Widget ruft status.json ab, hält sich selbst aktuell und wird in einem Shadow DOM gerendert, sodass es nicht mit Ihren Styles kollidieren kann. Alle Optionen finden Sie in der Einbettungsanleitung der Statusmark-Dokumentation.
widget-badge = Badge
widget-badge-text = ein Punkt und eine Zeile.
widget-compact = Kompakt
widget-compact-text = (Standard): der Gesamtstatus und die Komponenten mit Problemen.
widget-full = Vollständig
widget-full-text = alle Komponenten nach Gruppen, aktuelle Vorfälle und Wartungsarbeiten.
widget-dark = Dunkel, eine Auswahl von Komponenten

## Numbers.
percent = { $value } %

## What the page script says when the page is out of date ("5 hours ago" is the browser's).
stale-note = Diese Seite ist möglicherweise nicht aktuell – zuletzt aktualisiert { $ago }
site-time = Ortszeit der Seite

## The embeddable widget ("3 min ago" is the browser's).
widget-loading = Status wird geladen …
widget-unavailable = Status nicht verfügbar
widget-view-page = Statusseite öffnen
widget-updated = Zuletzt aktualisiert { $ago }
widget-dismiss = Schließen

## Feeds, calendars and badges.
feed-title = Statusverlauf von { $site }
feed-component-title = Statusverlauf von { $site } — { $component }
feed-description = Vorfälle und Wartungsarbeiten von { $site }
feed-impact = Auswirkung: { $impact }
feed-no-impact = Auswirkung: Keine
feed-window = { $from } bis { $to }
maintenance-titled = { $kind }: { $title }
maintenance-kind = Wartung
calendar-affects = Betrifft: { $components }
calendar-name = Wartungsarbeiten von { $site }
calendar-component-name = Wartungsarbeiten von { $site } — { $component }
badge-status = Status
badge-percent = { $value } %
badge-no-data = keine Daten
badge-uptime = Verfügbarkeit { $component }

## Sites in several languages.
language-switcher = Sprache
not-translated = Dieser Bericht liegt noch nicht auf Deutsch vor; hier ist das Original.
part-not-translated = Noch nicht ins Deutsche übersetzt; hier ist das Original.

## Probe charts and metrics: what the generator writes beside the figures.
chart-period-24h = Letzte 24 Stunden, pro Stunde
chart-period-30d = Letzte 30 Tage, pro Tag
chart-period-90d = Letzte 90 Tage, pro Tag
chart-period-snapshot = Snapshot
chart-unit-hour = Stunde
chart-unit-day = Tag
chart-unit-time = Zeitpunkt
chart-span-24h = den letzten 24 Stunden
chart-span-30d = den letzten 30 Tagen
chart-span-90d = den letzten 90 Tagen
chart-summary-none = Keine Antwortzeiten in { $span }.
chart-summary = p95 { $p95 } in { $span }.
chart-summary-target = p95 { $p95 } in { $span }, Ziel { $target }: { $verdict }.
probe-measured = { $percent } % von { $checks } Prüfungen
probe-latest-up-time = { $when }: erreichbar, { $took }
probe-latest-up = { $when }: erreichbar
probe-latest-failed = { $when }: fehlgeschlagen
metric-summary-none = Keine Werte im Snapshot.
metric-summary = Zuletzt { $value }.
metric-summary-stale = Zuletzt { $value }, veraltet.
metric-summary-target = Zuletzt { $value }, Ziel { $target }: { $verdict }.

## Notifications (chat and email), in the site's language.
notice-maintenance-scheduled = Wartung geplant
notice-maintenance-rescheduled = Wartung verschoben
notice-maintenance-cancelled = Wartung abgesagt
notice-maintenance-started = Wartung läuft
notice-maintenance-completed = Wartung abgeschlossen
notice-starts-in-days = Wartung beginnt in { $count ->
        [one] 1 Tag
       *[other] { $count } Tagen
    }
notice-starts-in-hours = Wartung beginnt in { $count ->
        [one] 1 Stunde
       *[other] { $count } Stunden
    }
notice-starts-in-minutes = Wartung beginnt in { $count ->
        [one] 1 Minute
       *[other] { $count } Minuten
    }
notice-component-text = Status von { $component }: { $status } (vorher: { $was }).
notice-component-headline = { $status } (vorher: { $was })
notice-window = Zeitfenster
notice-when = Zeitpunkt
notice-more = Weitere
notice-and-more = und { $count } weitere
notice-affected = Betroffene Komponenten
notice-posted = Veröffentlicht
notice-details = Details
notice-view-incident = Vorfall ansehen
notice-view-maintenance = Wartung ansehen
notice-view-page = Statusseite ansehen
email-view = Auf der Statusseite ansehen
email-why = Sie erhalten diese Nachricht, weil Sie Updates von { $site } abonniert haben.
