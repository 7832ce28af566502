# Statusmark's French catalog: the same messages and placeholders as en.ftl.

## The name of the language, in itself.
language-name = Français

## Statuses, as Statuspage names them.
status-operational = Opérationnel
status-degraded_performance = Performances dégradées
status-partial_outage = Panne partielle
status-major_outage = Panne majeure
status-under_maintenance = En maintenance
status-unknown = Inconnu
indicator-none = Tous les systèmes sont opérationnels
indicator-minor = Service dégradé
indicator-major = Panne partielle des systèmes
indicator-critical = Panne majeure des systèmes
indicator-maintenance = Service en maintenance
indicator-unknown = État inconnu
impact-none = Aucun
impact-minor = Mineur
impact-major = Majeur
impact-critical = Critique
impact-maintenance = Maintenance
impact-unknown = Inconnu
incident-investigating = Analyse en cours
incident-identified = Cause identifiée
incident-monitoring = Sous surveillance
incident-resolved = Résolu
incident-update = Mise à jour
incident-postmortem = Post-mortem
incident-unknown = Inconnu
phase-scheduled = Planifiée
phase-in_progress = En cours
phase-verifying = Vérification en cours
phase-completed = Terminée
phase-cancelled = Annulée
phase-unknown = Inconnu
phase-update = Mise à jour
phase-in_progress-overrunning = En cours, au-delà de la fin prévue
phase-verifying-overrunning = Vérification en cours, au-delà de la fin prévue
maintenance-emergency = Maintenance d'urgence
maintenance-scheduled = Maintenance planifiée

## Lengths of time, in their two largest units.
duration-m = { $m } min
duration-h = { $h } h
duration-hm = { $h } h { $m } min
duration-dh = { $d } j { $h } h

## Every page.
skip-to-content = Aller au contenu
meta-description = État actuel, incidents et maintenances de { $site }.
links-label = Liens
link-support = Assistance
link-contact = Contact
link-home = Accueil
breadcrumb = Fil d'Ariane
feed-status-json = Flux d'état
feed-history-atom = Historique de { $site } (Atom)
feed-history-rss = Historique de { $site } (RSS)
feed-component-atom = { $site } — historique de { $component } (Atom)
feed-component-rss = { $site } — historique de { $component } (RSS)
footer-updated = Dernière mise à jour : { $time }
footer-calendar = Calendrier des maintenances
footer-reports = Rapports de disponibilité
footer-api = API
footer-powered = Propulsé par Statusmark
subscribe = S'abonner
subscribe-email = Recevoir les mises à jour par e-mail
subscribe-chat = Rejoignez-nous sur { $service }
subscribe-atom = Flux Atom
subscribe-rss = Flux RSS
subscribe-calendar = Calendrier des maintenances
subscribe-all = Tous les composants
page-title = { $page } · { $site }
uptime-percent = { $value } % de disponibilité
no-data = Aucune donnée
sla-met = atteint
sla-missed = non atteint
sla = SLA { $value } %

## The home page.
active-incidents = Incidents en cours
maintenance = Maintenances
maintenance-affects = Concerne { $components }
components = Composants
uptime-legend = Disponibilité sur les { $days } derniers jours. L'indisponibilité inclut la totalité des minutes de panne majeure et 30 % des minutes de panne partielle ; les performances dégradées et la maintenance ne sont pas comptées.
days-ago = il y a { $days } jours
today = Aujourd'hui
metrics-link = Métriques de supervision →
upstreams = Services dont nous dépendons
upstreams-legend = Ce qu'indiquaient les pages d'état de ces services lors de la dernière vérification. Ils ne sont pas pris en compte dans notre disponibilité.
upstreams-legend-uncounted = Ce qu'indiquaient les pages d'état de ces services lors de la dernière vérification. Ils ne sont pris en compte ni dans notre disponibilité ni dans notre état global.
upstream-incident = Incident : { $title }
upstream-maintenance = Maintenance : { $title }
upstream-missing = Absents de leur page : { $names }
upstream-checked = Dernière vérification : { $time }
upstream-not-checked = Pas encore vérifié
upstream-counts = pris en compte dans notre état global
upstream-stale = Inconnu — dernier état connu : { $status } ({ $time })
upstream-never = Inconnu — pas encore récupéré
past-incidents = Incidents passés
no-incidents = Aucun incident signalé.
full-history = Historique complet des incidents →

## Uptime bars and their day-by-day details.
bar-label = { $component } : état quotidien sur { $days } jours
day-by-day = Jour par jour
bar-days = { $status } : { $count ->
    [one] { $count } jour
   *[other] { $count } jours
}
bar-dates = { $status } : { $dates }
day-no-data = { $date } : aucune donnée
day-no-incidents = { $date } : aucun incident
day-incidents = { $date } : { $titles }
day-downtime = { $minutes } min d'indisponibilité
day-range = { $from } – { $to }
day-run-quiet = { $when } : { $status }, aucun incident
day-run-nodata = { $when } : { $status }
day-run = { $when } : { $status } — { $detail }

## Incident cards and pages.
incident-impact = Impact : { $impact }
incident-no-impact = Impact : Aucun
incident-started = début : { $time }
incident-lasted = durée : { $duration }
incident-ongoing = en cours
crumb-incident = Incident
fact-status = Statut
fact-impact = Impact
fact-started = Début
fact-resolved = Résolu
fact-ongoing-for = En cours depuis
response-first-update = Délai de première mise à jour
response-resolve = Délai de résolution
response-no-update = pas encore de mise à jour
response-not-resolved = pas encore résolu
response-target = objectif : { $target }
affected-components = Composants concernés
updates = Mises à jour

## Maintenance pages.
crumb-maintenance = Maintenance
fact-phase = Phase
fact-reason = Motif
fact-starts = Début
fact-ends = Fin
series = Créneau récurrent ({ $rule }), fuseau horaire { $zone } : de { $start } à { $end }.
next-occurrences = Prochaines occurrences
occurrence-cancelled = annulée
add-to-calendar = Ajouter au calendrier
subscribe-maintenance = S'abonner à toutes les maintenances
components-under-maintenance = Composants en maintenance

## History and component pages.
crumb-history = Historique
history = Historique des incidents
history-legend-before = Disponibilité par mois et par trimestre, avec les objectifs atteints ou non :
history-legend-link = rapports de disponibilité
crumb-components = Composants
uptime-reported = Déclaré : { $value } % de disponibilité
uptime-by-month = Disponibilité par mois
month = Mois
uptime = Disponibilité
downtime-legend = L'indisponibilité inclut la totalité des minutes de panne majeure et 30 % des minutes de panne partielle ; les performances dégradées et la maintenance ne sont pas comptées.
component-feed = Flux Atom de ce composant
incidents = Incidents
no-component-incidents = Aucun incident n'a affecté ce composant.
pager = Pages
pager-newer = ← Plus récents
pager-older = Plus anciens →
pager-page = Page { $page } sur { $pages }

## The page not found.
not-found = Page introuvable
not-found-text = Cette page n'existe pas.
not-found-link = Voir l'état actuel

## Uptime reports.
crumb-reports = Rapports de disponibilité
reports = Rapports de disponibilité
reports-legend = Disponibilité par mois civil et par trimestre dans le fuseau horaire { $zone }, calculée à partir des rapports d'incident. L'indisponibilité inclut la totalité de la durée des pannes majeures et 30 % de celle des pannes partielles ; les performances dégradées et la maintenance ne sont pas comptées. Les incidents qui se chevauchent ne sont comptés qu'une fois.
reports-by-year = Par année
reports-data = Données
reports-data-legend = Une ligne par mois et par trimestre, depuis le premier mois enregistré.
reports-all-components = Tous les composants
report = Rapport de disponibilité { $year }
report-years = Années
report-legend = Heures indiquées dans le fuseau { $zone }. L'indisponibilité inclut la totalité de la durée des pannes majeures et 30 % de celle des pannes partielles ; les performances dégradées et la maintenance ne sont pas comptées ; les incidents qui se chevauchent ne sont comptés qu'une fois. Un objectif est atteint lorsque la disponibilité est au moins égale à l'objectif ; une période pas encore terminée l'a manqué dès que son indisponibilité dépasse ce que la période entière autorise, et reste indéterminée jusque-là. La disponibilité est arrondie à l'inférieur. * signale une période pas encore terminée.
report-component = Composant
report-target = Objectif
report-none = aucun
report-not-covered = non couvert
report-so-far = provisoire : la période n'est pas terminée
report-met = atteint
report-missed = non atteint
report-undecided = indéterminé
report-quarter = T{ $quarter }
report-quarter-year = T{ $quarter } { $year }
uptime-by-quarter = Disponibilité par trimestre
response-times = Délais de réponse
responses-legend = Tous les incidents, selon la période où ils ont commencé. Le délai de première mise à jour court du début jusqu'à la première mise à jour qui suit l'annonce initiale ; le délai de résolution, du début jusqu'à la résolution.
responses-no-targets = Aucun objectif de délai n'est défini.
responses-period = Période
responses-incidents = Incidents
responses-respond-within = Première mise à jour dans l'objectif
responses-respond-median = Délai médian de première mise à jour
responses-resolve-within = Résolus dans l'objectif
responses-resolve-median = Délai médian de résolution
responses-met-missed = { $met } dans l'objectif · { $missed } hors objectif
report-data = Données :
report-data-all = (tous les composants) ; par composant sur la
report-data-page = page des rapports

## Probes and metrics.
measured-by-probes = Mesures des sondes
measured-legend = Ce qu'ont constaté les vérifications automatiques. L'état et la disponibilité ci-dessus sont ceux déclarés dans les incidents ; une vérification en échec ne les modifie jamais.
probe = Sonde { $id }
measured = Mesuré :
reported = Déclaré :
measured-none = aucune vérification au cours des { $days } derniers jours
measured-latest = dernière vérification : { $check }
response-time = Temps de réponse :
target = objectif : { $value }
chart-numbers = Valeurs
chart-scale = échelle 0–{ $top }
chart-checks = Vérifications
chart-failed = Échecs
chart-value = Valeur
crumb-metrics = Métriques
metrics = Métriques
metrics-legend = Valeurs issues de la supervision, telles que récupérées en dernier. Elles décrivent le service ; l'état affiché au-dessus de chaque composant est celui qui a été déclaré.
metric-missing = Pas encore de données : cette métrique n'a pas encore été récupérée.
metric-unreadable = Aucune donnée : le dernier instantané n'a pas pu être lu.
metric-current = Valeur actuelle
metric-no-value = aucune valeur
metric-target = Objectif
metric-fetched = Récupération
metric-stale = Obsolète :
metric-stale-text = cet instantané répond à une requête antérieure ; l'objectif ne sera évalué qu'après une nouvelle récupération.

## The widget demo page.
crumb-widget = Widget
widget-title = Intégrer cet état à votre site
widget-intro = Ajoutez un script et un élément à n'importe quelle page. Le widget récupère status.json, se tient lui-même à jour et s'affiche dans un Shadow DOM pour ne pas entrer en conflit avec vos styles. Consultez le guide d'intégration dans la documentation de Statusmark pour connaître toutes les options.
widget-badge = Badge
widget-badge-text = un point et une ligne.
widget-compact = Compact
widget-compact-text = (par défaut) : l'état global et les composants qui rencontrent un problème.
widget-full = Complet
widget-full-text = tous les composants par groupe, les incidents en cours et les maintenances.
widget-dark = Sombre, une sélection de composants

## Numbers.
percent = { $value } %

## What the page script says when the page is out of date ("5 hours ago" is the browser's).
stale-note = Cette page n’est peut-être plus à jour — dernière mise à jour { $ago }
site-time = heure du site

## The embeddable widget ("3 min ago" is the browser's).
widget-loading = Chargement de l’état…
widget-unavailable = État indisponible
widget-view-page = Voir la page d’état
widget-updated = Dernière mise à jour { $ago }
widget-dismiss = Fermer

## Feeds, calendars and badges.
feed-title = Historique de l’état de { $site }
feed-component-title = Historique de l’état de { $site } — { $component }
feed-description = Incidents et maintenances de { $site }
feed-impact = impact : { $impact }
feed-no-impact = impact : Aucun
feed-window = du { $from } au { $to }
maintenance-titled = { $kind } : { $title }
maintenance-kind = Maintenance
calendar-affects = Concerne : { $components }
calendar-name = Maintenances de { $site }
calendar-component-name = Maintenances de { $site } — { $component }
badge-status = état
badge-percent = { $value } %
badge-no-data = aucune donnée
badge-uptime = disponibilité { $component }

## Sites in several languages.
language-switcher = Langue
not-translated = Ce rapport n’est pas encore disponible en français ; voici l’original.
part-not-translated = Pas encore traduit en français ; voici l’original.

## Probe charts and metrics: what the generator writes beside the figures.
chart-period-24h = 24 dernières heures, par heure
chart-period-30d = 30 derniers jours, par jour
chart-period-90d = 90 derniers jours, par jour
chart-period-snapshot = Instantané
chart-unit-hour = Heure
chart-unit-day = Jour
chart-unit-time = Heure
chart-span-24h = les 24 dernières heures
chart-span-30d = les 30 derniers jours
chart-span-90d = les 90 derniers jours
chart-summary-none = Aucun temps de réponse sur { $span }.
chart-summary = p95 { $p95 } sur { $span }.
chart-summary-target = p95 { $p95 } sur { $span }, objectif { $target } : { $verdict }.
probe-measured = { $percent } % de { $checks } vérifications
probe-latest-up-time = { $when } : disponible, { $took }
probe-latest-up = { $when } : disponible
probe-latest-failed = { $when } : échec
metric-summary-none = Aucune valeur dans l’instantané.
metric-summary = Dernière valeur { $value }.
metric-summary-stale = Dernière valeur { $value }, obsolète.
metric-summary-target = Dernière valeur { $value }, objectif { $target } : { $verdict }.

## Notifications (chat and email), in the site's language.
notice-maintenance-scheduled = Maintenance planifiée
notice-maintenance-rescheduled = Maintenance reprogrammée
notice-maintenance-cancelled = Maintenance annulée
notice-maintenance-started = Maintenance en cours
notice-maintenance-completed = Maintenance terminée
notice-starts-in-days = La maintenance commence dans { $count ->
        [one] 1 jour
       *[other] { $count } jours
    }
notice-starts-in-hours = La maintenance commence dans { $count ->
        [one] 1 heure
       *[other] { $count } heures
    }
notice-starts-in-minutes = La maintenance commence dans { $count ->
        [one] 1 minute
       *[other] { $count } minutes
    }
notice-component-text = { $component } : { $status } (auparavant : { $was }).
notice-component-headline = { $status } (auparavant : { $was })
notice-window = Créneau
notice-when = Date
notice-more = Autres
notice-and-more = et { $count } autres
notice-affected = Composants concernés
notice-posted = Publié
notice-details = Détails
notice-view-incident = Voir l’incident
notice-view-maintenance = Voir la maintenance
notice-view-page = Voir la page d’état
email-view = Voir sur la page d’état
email-why = Vous recevez ce message parce que vous êtes abonné aux mises à jour de { $site }.
