# Statusmark's Spanish catalog: the same messages and placeholders as en.ftl.

## The name of the language, in itself.
language-name = Español

## Statuses, as Statuspage names them.
status-operational = Operativo
status-degraded_performance = Rendimiento degradado
status-partial_outage = Interrupción parcial
status-major_outage = Interrupción grave
status-under_maintenance = En mantenimiento
status-unknown = Desconocido
indicator-none = Todos los sistemas están operativos
indicator-minor = Servicio degradado
indicator-major = Interrupción parcial del sistema
indicator-critical = Interrupción grave del sistema
indicator-maintenance = Servicio en mantenimiento
indicator-unknown = Estado desconocido
impact-none = Ninguno
impact-minor = Leve
impact-major = Grave
impact-critical = Crítico
impact-maintenance = Mantenimiento
impact-unknown = Desconocido
incident-investigating = En investigación
incident-identified = Causa identificada
incident-monitoring = En observación
incident-resolved = Resuelto
incident-update = Actualización
incident-postmortem = Análisis post mortem
incident-unknown = Desconocido
phase-scheduled = Programado
phase-in_progress = En curso
phase-verifying = En verificación
phase-completed = Completado
phase-cancelled = Cancelado
phase-unknown = Desconocido
phase-update = Actualización
phase-in_progress-overrunning = En curso, superada la hora de fin prevista
phase-verifying-overrunning = En verificación, superada la hora de fin prevista
maintenance-emergency = Mantenimiento de emergencia
maintenance-scheduled = Mantenimiento programado

## Lengths of time, in their two largest units.
duration-m = { $m } min
duration-h = { $h } h
duration-hm = { $h } h { $m } min
duration-dh = { $d } d { $h } h

## Every page.
skip-to-content = Saltar al contenido
meta-description = Estado actual, incidentes y mantenimientos de { $site }.
links-label = Enlaces
link-support = Soporte
link-contact = Contacto
link-home = Inicio
breadcrumb = Ruta de navegación
feed-status-json = Feed de estado
feed-history-atom = Historial de { $site } (Atom)
feed-history-rss = Historial de { $site } (RSS)
feed-component-atom = { $site } — historial de { $component } (Atom)
feed-component-rss = { $site } — historial de { $component } (RSS)
footer-updated = Última actualización: { $time }
footer-calendar = Calendario de mantenimiento
footer-reports = Informes de disponibilidad
footer-api = API
footer-powered = Generado con Statusmark
subscribe = Suscribirse
subscribe-email = Recibir actualizaciones por correo electrónico
subscribe-chat = Únase a nosotros en { $service }
subscribe-atom = Feed Atom
subscribe-rss = Feed RSS
subscribe-calendar = Calendario de mantenimiento
subscribe-all = Todos los componentes
page-title = { $page } · { $site }
uptime-percent = { $value } % de disponibilidad
no-data = Sin datos
sla-met = cumplido
sla-missed = incumplido
sla = SLA { $value } %

## The home page.
active-incidents = Incidentes activos
maintenance = Mantenimiento
maintenance-affects = Afecta a { $components }
components = Componentes
uptime-legend = Disponibilidad en los últimos { $days } días. El tiempo de inactividad incluye íntegramente los minutos de interrupción grave y el 30 % de los de interrupción parcial; no se cuentan el rendimiento degradado ni el mantenimiento.
days-ago = hace { $days } días
today = Hoy
metrics-link = Métricas de supervisión →
upstreams = Servicios de los que dependemos
upstreams-legend = Lo que indicaban las propias páginas de estado de estos servicios en la última comprobación. No se tienen en cuenta en nuestra disponibilidad.
upstreams-legend-uncounted = Lo que indicaban las propias páginas de estado de estos servicios en la última comprobación. No se tienen en cuenta ni en nuestra disponibilidad ni en nuestro estado general.
upstream-incident = Incidente: { $title }
upstream-maintenance = Mantenimiento: { $title }
upstream-missing = No aparecen en su página: { $names }
upstream-checked = Última comprobación: { $time }
upstream-not-checked = Aún sin comprobar
upstream-counts = cuenta para nuestro estado general
upstream-stale = Desconocido — último estado conocido: { $status } ({ $time })
upstream-never = Desconocido — aún no consultado
past-incidents = Incidentes anteriores
no-incidents = No se han notificado incidentes.
full-history = Historial completo de incidentes →

## Uptime bars and their day-by-day details.
bar-label = { $component }: estado diario durante { $days } días
day-by-day = Día a día
bar-days = { $status }: { $count ->
    [one] { $count } día
   *[other] { $count } días
}
bar-dates = { $status }: { $dates }
day-no-data = { $date }: sin datos
day-no-incidents = { $date }: sin incidentes
day-incidents = { $date }: { $titles }
day-downtime = { $minutes } min de inactividad
day-range = { $from } – { $to }
day-run-quiet = { $when }: { $status }, sin incidentes
day-run-nodata = { $when }: { $status }
day-run = { $when }: { $status } — { $detail }

## Incident cards and pages.
incident-impact = Impacto: { $impact }
incident-no-impact = Impacto: Ninguno
incident-started = inicio: { $time }
incident-lasted = duración: { $duration }
incident-ongoing = en curso
crumb-incident = Incidente
fact-status = Estado
fact-impact = Impacto
fact-started = Inicio
fact-resolved = Resuelto
fact-ongoing-for = En curso desde hace
response-first-update = Tiempo hasta la primera actualización
response-resolve = Tiempo de resolución
response-no-update = aún sin actualizaciones
response-not-resolved = aún sin resolver
response-target = objetivo: { $target }
affected-components = Componentes afectados
updates = Actualizaciones

## Maintenance pages.
crumb-maintenance = Mantenimiento
fact-phase = Fase
fact-reason = Motivo
fact-starts = Inicio
fact-ends = Fin
series = Ventana recurrente ({ $rule }), en la zona horaria { $zone }: de { $start } a { $end }.
next-occurrences = Próximas fechas
occurrence-cancelled = cancelado
add-to-calendar = Añadir al calendario
subscribe-maintenance = Suscribirse a todos los mantenimientos
components-under-maintenance = Componentes en mantenimiento

## History and component pages.
crumb-history = Historial
history = Historial de incidentes
history-legend-before = Disponibilidad por mes y por trimestre, con los objetivos cumplidos o incumplidos:
history-legend-link = informes de disponibilidad
crumb-components = Componentes
uptime-reported = Declarado: { $value } % de disponibilidad
uptime-by-month = Disponibilidad por mes
month = Mes
uptime = Disponibilidad
downtime-legend = El tiempo de inactividad incluye íntegramente los minutos de interrupción grave y el 30 % de los de interrupción parcial; no se cuentan el rendimiento degradado ni el mantenimiento.
component-feed = Feed Atom de este componente
incidents = Incidentes
no-component-incidents = Ningún incidente ha afectado a este componente.
pager = Páginas
pager-newer = ← Más recientes
pager-older = Más antiguos →
pager-page = Página { $page } de { $pages }

## The page not found.
not-found = Página no encontrada
not-found-text = Esta página no existe.
not-found-link = Ver el estado actual

## Uptime reports.
crumb-reports = Informes de disponibilidad
reports = Informes de disponibilidad
reports-legend = Disponibilidad por mes calendario y por trimestre en la zona horaria { $zone }, calculada a partir de los informes de incidentes. El tiempo de inactividad incluye íntegramente el tiempo de interrupción grave y el 30 % del de interrupción parcial; no se cuentan el rendimiento degradado ni el mantenimiento. Los incidentes superpuestos se cuentan una sola vez.
reports-by-year = Por año
reports-data = Datos
reports-data-legend = Una fila por mes y por trimestre, desde el primer mes registrado.
reports-all-components = Todos los componentes
report = Informe de disponibilidad { $year }
report-years = Años
report-legend = Horas en la zona horaria { $zone }. El tiempo de inactividad incluye íntegramente el tiempo de interrupción grave y el 30 % del de interrupción parcial; no se cuentan el rendimiento degradado ni el mantenimiento; los incidentes superpuestos se cuentan una sola vez. Un objetivo se cumple cuando la disponibilidad es igual o superior al objetivo; un periodo aún no terminado lo incumple en cuanto su inactividad supera lo que permite el periodo completo, y hasta entonces queda pendiente. La disponibilidad se redondea hacia abajo. * indica un periodo aún no terminado.
report-component = Componente
report-target = Objetivo
report-none = ninguno
report-not-covered = no cubierto
report-so-far = provisional: el periodo aún no ha terminado
report-met = cumplido
report-missed = incumplido
report-undecided = pendiente
report-quarter = T{ $quarter }
report-quarter-year = T{ $quarter } { $year }
uptime-by-quarter = Disponibilidad por trimestre
response-times = Tiempos de respuesta
responses-legend = Todos los incidentes, según el periodo en que comenzaron. El tiempo hasta la primera actualización va desde el inicio hasta la primera actualización posterior a la inicial; el tiempo de resolución, desde el inicio hasta la resolución.
responses-no-targets = No hay objetivos de respuesta definidos.
responses-period = Periodo
responses-incidents = Incidentes
responses-respond-within = Primera actualización dentro del objetivo
responses-respond-median = Mediana hasta la primera actualización
responses-resolve-within = Resueltos dentro del objetivo
responses-resolve-median = Mediana del tiempo de resolución
responses-met-missed = { $met } dentro del objetivo · { $missed } fuera del objetivo
report-data = Datos:
report-data-all = (todos los componentes); por componente, en la
report-data-page = página de informes

## Probes and metrics.
measured-by-probes = Medido por sondas
measured-legend = Lo que detectaron las comprobaciones automáticas. El estado y la disponibilidad de arriba son los declarados en los incidentes; una comprobación fallida nunca los modifica.
probe = Sonda { $id }
measured = Medido:
reported = Declarado:
measured-none = sin comprobaciones en los últimos { $days } días
measured-latest = última comprobación: { $check }
response-time = Tiempo de respuesta:
target = objetivo: { $value }
chart-numbers = Valores
chart-scale = escala 0–{ $top }
chart-checks = Comprobaciones
chart-failed = Fallidas
chart-value = Valor
crumb-metrics = Métricas
metrics = Métricas
metrics-legend = Cifras de la supervisión, según la última consulta. Describen el servicio; el estado que aparece sobre cada componente es el que se ha declarado.
metric-missing = Aún no hay datos: esta métrica todavía no se ha consultado.
metric-unreadable = Sin datos: no se pudo leer la última instantánea.
metric-current = Valor actual
metric-no-value = sin valor
metric-target = Objetivo
metric-fetched = Última consulta
metric-stale = Desactualizado:
metric-stale-text = esta instantánea responde a una consulta anterior; el objetivo no se evalúa hasta que se vuelva a consultar.

## The widget demo page.
crumb-widget = Widget
widget-title = Inserte este estado en su sitio
widget-intro = Añada un script y un elemento a cualquier página. El widget obtiene status.json, se mantiene actualizado por sí solo y se muestra dentro de un Shadow DOM, por lo que no puede entrar en conflicto con sus estilos. Consulte la guía de inserción en la documentación de Statusmark para ver todas las opciones.
widget-badge = Insignia
widget-badge-text = un punto y una línea.
widget-compact = Compacto
widget-compact-text = (predeterminado): el estado general y los componentes con problemas.
widget-full = Completo
widget-full-text = todos los componentes por grupo, los incidentes activos y el mantenimiento.
widget-dark = Oscuro, un subconjunto de componentes

## Numbers.
percent = { $value } %

## What the page script says when the page is out of date ("5 hours ago" is the browser's).
stale-note = Es posible que esta página no esté actualizada: última actualización { $ago }
site-time = hora del sitio

## The embeddable widget ("3 min ago" is the browser's).
widget-loading = Cargando el estado…
widget-unavailable = Estado no disponible
widget-view-page = Ver la página de estado
widget-updated = Última actualización { $ago }
widget-dismiss = Cerrar

## Feeds, calendars and badges.
feed-title = Historial de estado de { $site }
feed-component-title = Historial de estado de { $site } — { $component }
feed-description = Incidentes y mantenimientos de { $site }
feed-impact = impacto: { $impact }
feed-no-impact = impacto: Ninguno
feed-window = del { $from } al { $to }
maintenance-titled = { $kind }: { $title }
maintenance-kind = Mantenimiento
calendar-affects = Afecta a: { $components }
calendar-name = Mantenimientos de { $site }
calendar-component-name = Mantenimientos de { $site } — { $component }
badge-status = estado
badge-percent = { $value } %
badge-no-data = sin datos
badge-uptime = disponibilidad de { $component }

## Sites in several languages.
language-switcher = Idioma
not-translated = Este informe aún no está disponible en español; este es el original.
part-not-translated = Aún sin traducir al español; este es el original.

## Probe charts and metrics: what the generator writes beside the figures.
chart-period-24h = Últimas 24 horas, por hora
chart-period-30d = Últimos 30 días, por día
chart-period-90d = Últimos 90 días, por día
chart-period-snapshot = Instantánea
chart-unit-hour = Hora
chart-unit-day = Día
chart-unit-time = Hora
chart-span-24h = las últimas 24 horas
chart-span-30d = los últimos 30 días
chart-span-90d = los últimos 90 días
chart-summary-none = Sin tiempos de respuesta en { $span }.
chart-summary = p95 { $p95 } en { $span }.
chart-summary-target = p95 { $p95 } en { $span }, objetivo { $target }: { $verdict }.
probe-measured = { $percent } % de { $checks } comprobaciones
probe-latest-up-time = { $when }: disponible, { $took }
probe-latest-up = { $when }: disponible
probe-latest-failed = { $when }: fallida
metric-summary-none = No hay valores en la instantánea.
metric-summary = Último valor { $value }.
metric-summary-stale = Último valor { $value }, desactualizado.
metric-summary-target = Último valor { $value }, objetivo { $target }: { $verdict }.

## Notifications (chat and email), in the site's language.
notice-maintenance-scheduled = Mantenimiento programado
notice-maintenance-rescheduled = Mantenimiento reprogramado
notice-maintenance-cancelled = Mantenimiento cancelado
notice-maintenance-started = Mantenimiento en curso
notice-maintenance-completed = Mantenimiento completado
notice-starts-in-days = El mantenimiento empieza en { $count ->
        [one] 1 día
       *[other] { $count } días
    }
notice-starts-in-hours = El mantenimiento empieza en { $count ->
        [one] 1 hora
       *[other] { $count } horas
    }
notice-starts-in-minutes = El mantenimiento empieza en { $count ->
        [one] 1 minuto
       *[other] { $count } minutos
    }
notice-component-text = { $component }: { $status } (antes: { $was }).
notice-component-headline = { $status } (antes { $was })
notice-window = Ventana
notice-when = Fecha
notice-more = Más
notice-and-more = y { $count } más
notice-affected = Componentes afectados
notice-posted = Publicado
notice-details = Detalles
notice-view-incident = Ver incidente
notice-view-maintenance = Ver mantenimiento
notice-view-page = Ver la página de estado
email-view = Ver en la página de estado
email-why = Recibe este mensaje porque se suscribió a las actualizaciones de { $site }.
