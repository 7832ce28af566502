# Statusmark's Japanese catalog: the same messages and placeholders as en.ftl.

## The name of the language, in itself.
language-name = 日本語

## Statuses, as Statuspage names them.
status-operational = 稼働中
status-degraded_performance = パフォーマンス低下
status-partial_outage = 部分的な停止
status-major_outage = 大規模な停止
status-under_maintenance = メンテナンス中
status-unknown = 不明
indicator-none = すべてのシステムが正常に稼働しています
indicator-minor = サービスのパフォーマンスが低下しています
indicator-major = システムの一部が停止しています
indicator-critical = システムで大規模な停止が発生しています
indicator-maintenance = サービスはメンテナンス中です
indicator-unknown = ステータスは不明です
impact-none = なし
impact-minor = 軽微
impact-major = 重大
impact-critical = 深刻
impact-maintenance = メンテナンス
impact-unknown = 不明
incident-investigating = 調査中
incident-identified = 原因特定済み
incident-monitoring = 経過観察中
incident-resolved = 解決済み
incident-update = 更新
incident-postmortem = 事後分析
incident-unknown = 不明
phase-scheduled = 予定
phase-in_progress = 実施中
phase-verifying = 検証中
phase-completed = 完了
phase-cancelled = 中止
phase-unknown = 不明
phase-update = 更新
phase-in_progress-overrunning = 実施中（予定時間超過）
phase-verifying-overrunning = 検証中（予定時間超過）
maintenance-emergency = 緊急メンテナンス
maintenance-scheduled = 計画メンテナンス

## Lengths of time, in their two largest units.
duration-m = { $m }分
duration-h = { $h }時間
duration-hm = { $h }時間{ $m }分
duration-dh = { $d }日{ $h }時間

## Every page.
skip-to-content = 本文へスキップ
meta-description = { $site } の現在のステータス、インシデント、メンテナンス情報。
links-label = リンク
link-support = サポート
link-contact = お問い合わせ
link-home = ホーム
breadcrumb = パンくずリスト
feed-status-json = ステータスフィード
feed-history-atom = { $site } の履歴 (Atom)
feed-history-rss = { $site } の履歴 (RSS)
feed-component-atom = { $site } — { $component } の履歴 (Atom)
feed-component-rss = { $site } — { $component } の履歴 (RSS)
footer-updated = 最終更新：{ $time }
footer-calendar = メンテナンスカレンダー
footer-reports = 稼働率レポート
footer-api = API
footer-powered = Statusmark で作成
subscribe = 購読する
subscribe-email = メールで更新情報を受け取る
subscribe-chat = { $service } に参加する
subscribe-atom = Atom フィード
subscribe-rss = RSS フィード
subscribe-calendar = メンテナンスカレンダー
subscribe-all = すべてのコンポーネント
page-title = { $page } · { $site }
uptime-percent = 稼働率 { $value }%
no-data = データなし
sla-met = 達成
sla-missed = 未達成
sla = SLA { $value }%

## The home page.
active-incidents = 発生中のインシデント
maintenance = メンテナンス
maintenance-affects = 対象：{ $components }
components = コンポーネント
uptime-legend = 過去{ $days }日間の稼働率です。停止時間には、大規模な停止の時間をすべて、部分的な停止の時間を30%分として計上します。パフォーマンス低下とメンテナンスは計上しません。
days-ago = { $days }日前
today = 今日
metrics-link = 監視ツールのメトリクス →
upstreams = 依存しているサービス
upstreams-legend = これらのサービス自身のステータスページに、最終確認時に表示されていた内容です。当サービスの稼働率には含まれません。
upstreams-legend-uncounted = これらのサービス自身のステータスページに、最終確認時に表示されていた内容です。当サービスの稼働率と全体のステータスには含まれません。
upstream-incident = インシデント：{ $title }
upstream-maintenance = メンテナンス：{ $title }
upstream-missing = 提供元のページに記載なし：{ $names }
upstream-checked = 確認日時：{ $time }
upstream-not-checked = 未確認
upstream-counts = 全体のステータスに反映
upstream-stale = 不明 — 最後に確認できた状態：{ $status }（{ $time }）
upstream-never = 不明 — 未取得
past-incidents = 過去のインシデント
no-incidents = 報告されたインシデントはありません。
full-history = インシデント履歴をすべて表示 →

## Uptime bars and their day-by-day details.
bar-label = { $component }：{ $days }日間の日別ステータス
day-by-day = 日別の詳細
bar-days = { $status }：{ $count }日
bar-dates = { $status }：{ $dates }
day-no-data = { $date }：データなし
day-no-incidents = { $date }：インシデントなし
day-incidents = { $date }：{ $titles }
day-downtime = 停止時間 { $minutes }分
day-range = { $from } – { $to }
day-run-quiet = { $when }：{ $status }、インシデントなし
day-run-nodata = { $when }：{ $status }
day-run = { $when }：{ $status } — { $detail }

## Incident cards and pages.
incident-impact = 影響度：{ $impact }
incident-no-impact = 影響度：なし
incident-started = 開始：{ $time }
incident-lasted = 継続時間：{ $duration }
incident-ongoing = 継続中
crumb-incident = インシデント
fact-status = ステータス
fact-impact = 影響度
fact-started = 開始
fact-resolved = 解決
fact-ongoing-for = 経過時間
response-first-update = 初回更新までの時間
response-resolve = 解決までの時間
response-no-update = 未更新
response-not-resolved = 未解決
response-target = 目標：{ $target }
affected-components = 影響を受けるコンポーネント
updates = 更新情報

## Maintenance pages.
crumb-maintenance = メンテナンス
fact-phase = フェーズ
fact-reason = 理由
fact-starts = 開始
fact-ends = 終了
series = 繰り返し実施される時間枠です（{ $rule }）。タイムゾーン { $zone } で { $start } から { $end } まで。
next-occurrences = 今後の予定
occurrence-cancelled = 中止
add-to-calendar = カレンダーに追加
subscribe-maintenance = すべてのメンテナンスを購読
components-under-maintenance = メンテナンス対象のコンポーネント

## History and component pages.
crumb-history = 履歴
history = インシデント履歴
history-legend-before = 月別・四半期別の稼働率と目標の達成状況：
history-legend-link = 稼働率レポート
crumb-components = コンポーネント
uptime-reported = 報告値：稼働率 { $value }%
uptime-by-month = 月別稼働率
month = 月
uptime = 稼働率
downtime-legend = 停止時間には、大規模な停止の時間をすべて、部分的な停止の時間を30%分として計上します。パフォーマンス低下とメンテナンスは計上しません。
component-feed = このコンポーネントの Atom フィード
incidents = インシデント
no-component-incidents = このコンポーネントに影響したインシデントはありません。
pager = ページ
pager-newer = ← 新しい項目
pager-older = 古い項目 →
pager-page = { $page } / { $pages } ページ

## The page not found.
not-found = ページが見つかりません
not-found-text = このページは存在しません。
not-found-link = 現在のステータスを確認する

## Uptime reports.
crumb-reports = 稼働率レポート
reports = 稼働率レポート
reports-legend = タイムゾーン { $zone } における暦月・四半期ごとの稼働率で、インシデント報告から算出しています。停止時間には、大規模な停止の時間をすべて、部分的な停止の時間を30%分として計上し、パフォーマンス低下とメンテナンスは計上しません。重複するインシデントは1回のみ計上します。
reports-by-year = 年別
reports-data = データ
reports-data-legend = 記録のある最初の月から、月ごと・四半期ごとに1行ずつ。
reports-all-components = すべてのコンポーネント
report = { $year }年 稼働率レポート
report-years = 年
report-legend = 時刻は { $zone } です。停止時間には、大規模な停止の時間をすべて、部分的な停止の時間を30%分として計上し、パフォーマンス低下とメンテナンスは計上しません。重複するインシデントは1回のみ計上します。稼働率が目標以上であれば目標達成です。終了していない期間は、停止時間が期間全体の許容量を超えた時点で未達成となり、それまでは未確定です。稼働率は切り捨てて表示します。* は終了していない期間を示します。
report-component = コンポーネント
report-target = 目標
report-none = なし
report-not-covered = 対象外
report-so-far = 暫定値：期間が終了していません
report-met = 達成
report-missed = 未達成
report-undecided = 未確定
report-quarter = 第{ $quarter }四半期
report-quarter-year = { $year }年第{ $quarter }四半期
uptime-by-quarter = 四半期別稼働率
response-times = 対応時間
responses-legend = すべてのインシデントを、発生した期間ごとに示します。初回更新までの時間は、発生から、最初の報告に続く最初の更新までの時間です。解決までの時間は、発生から解決までの時間です。
responses-no-targets = 対応時間の目標は設定されていません。
responses-period = 期間
responses-incidents = インシデント数
responses-respond-within = 初回更新の目標達成
responses-respond-median = 初回更新までの時間（中央値）
responses-resolve-within = 解決の目標達成
responses-resolve-median = 解決までの時間（中央値）
responses-met-missed = 達成 { $met }件 · 未達成 { $missed }件
report-data = データ：
report-data-all = （全コンポーネント）。コンポーネント別のデータ：
report-data-page = レポートページ

## Probes and metrics.
measured-by-probes = プローブによる計測
measured-legend = 自動チェックの結果です。上記のステータスと稼働率はインシデントで報告された内容であり、チェックが失敗しても変わることはありません。
probe = プローブ { $id }
measured = 計測値：
reported = 報告値：
measured-none = 過去{ $days }日間のチェックなし
measured-latest = 最新のチェック：{ $check }
response-time = 応答時間：
target = 目標：{ $value }
chart-numbers = 数値
chart-scale = 目盛り 0–{ $top }
chart-checks = チェック数
chart-failed = 失敗
chart-value = 値
crumb-metrics = メトリクス
metrics = メトリクス
metrics-legend = 監視ツールから最後に取得した数値です。これらはサービスの状態を示すもので、各コンポーネントの上に表示されるステータスは報告された内容です。
metric-missing = データはまだありません：このメトリクスは未取得です。
metric-unreadable = データなし：最新のスナップショットを読み込めませんでした。
metric-current = 現在値
metric-no-value = 値なし
metric-target = 目標
metric-fetched = 取得日時
metric-stale = 古いデータ：
metric-stale-text = このスナップショットは以前のクエリに対するものです。再取得されるまで目標の達成状況は判定されません。

## The widget demo page.
crumb-widget = ウィジェット
widget-title = このステータスをサイトに埋め込む
widget-intro = 任意のページにスクリプトと要素を1つずつ追加してください。ウィジェットは status.json を取得して自動的に最新の状態を保ち、Shadow DOM 内に描画されるため、サイトのスタイルと競合しません。すべてのオプションについては、Statusmark ドキュメントの埋め込みガイドを参照してください。
widget-badge = バッジ
widget-badge-text = ドットと1行のテキスト。
widget-compact = コンパクト
widget-compact-text = （デフォルト）：全体のステータスと、問題のあるコンポーネント。
widget-full = フル
widget-full-text = グループ別の全コンポーネント、発生中のインシデント、メンテナンス。
widget-dark = ダーク（一部のコンポーネントのみ）

## Numbers.
percent = { $value }%

## What the page script says when the page is out of date ("5 hours ago" is the browser's).
stale-note = このページは最新ではない可能性があります（最終更新：{ $ago }）
site-time = サイトの時刻

## The embeddable widget ("3 min ago" is the browser's).
widget-loading = ステータスを読み込んでいます…
widget-unavailable = ステータスを取得できません
widget-view-page = ステータスページを表示
widget-updated = 最終更新：{ $ago }
widget-dismiss = 閉じる

## Feeds, calendars and badges.
feed-title = { $site } のステータス履歴
feed-component-title = { $site } — { $component } のステータス履歴
feed-description = { $site } のインシデントとメンテナンス
feed-impact = 影響度：{ $impact }
feed-no-impact = 影響度：なし
feed-window = { $from } 〜 { $to }
maintenance-titled = { $kind }：{ $title }
maintenance-kind = メンテナンス
calendar-affects = 対象：{ $components }
calendar-name = { $site } のメンテナンス
calendar-component-name = { $site } — { $component } のメンテナンス
badge-status = ステータス
badge-percent = { $value }%
badge-no-data = データなし
badge-uptime = { $component } の稼働率

## Sites in several languages.
language-switcher = 言語
not-translated = このレポートはまだ日本語に翻訳されていません。原文を表示しています。
part-not-translated = まだ日本語に翻訳されていません。原文を表示しています。

## Probe charts and metrics: what the generator writes beside the figures.
chart-period-24h = 過去24時間（1時間ごと）
chart-period-30d = 過去30日間（1日ごと）
chart-period-90d = 過去90日間（1日ごと）
chart-period-snapshot = スナップショット
chart-unit-hour = 時間
chart-unit-day = 日
chart-unit-time = 時刻
chart-span-24h = 過去24時間
chart-span-30d = 過去30日間
chart-span-90d = 過去90日間
chart-summary-none = { $span }の応答時間データはありません。
chart-summary = { $span }の p95 は { $p95 }。
chart-summary-target = { $span }の p95 は { $p95 }、目標 { $target }：{ $verdict }。
probe-measured = { $checks }回のチェック中 { $percent }%
probe-latest-up-time = { $when }：正常、{ $took }
probe-latest-up = { $when }：正常
probe-latest-failed = { $when }：失敗
metric-summary-none = スナップショットに値がありません。
metric-summary = 最新値 { $value }。
metric-summary-stale = 最新値 { $value }（古いデータ）。
metric-summary-target = 最新値 { $value }、目標 { $target }：{ $verdict }。

## Notifications (chat and email), in the site's language.
notice-maintenance-scheduled = メンテナンス予定
notice-maintenance-rescheduled = メンテナンス日時変更
notice-maintenance-cancelled = メンテナンス中止
notice-maintenance-started = メンテナンス実施中
notice-maintenance-completed = メンテナンス完了
notice-starts-in-days = メンテナンス開始まで{ $count }日
notice-starts-in-hours = メンテナンス開始まで{ $count }時間
notice-starts-in-minutes = メンテナンス開始まで{ $count }分
notice-component-text = { $component } は現在 { $status } です（以前は { $was }）。
notice-component-headline = { $status }（以前は { $was }）
notice-window = 時間帯
notice-when = 日時
notice-more = その他
notice-and-more = ほか{ $count }件
notice-affected = 影響を受けるコンポーネント
notice-posted = 投稿日時
notice-details = 詳細
notice-view-incident = インシデントを見る
notice-view-maintenance = メンテナンスを見る
notice-view-page = ステータスページを表示
email-view = ステータスページで見る
email-why = { $site } の更新情報を購読しているため、このメールをお送りしています。
