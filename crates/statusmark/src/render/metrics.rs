//! `metrics/`: one page listing every configured metric with its latest snapshot (chart, current
//! value, target, met or missed, when it was fetched), or saying honestly that there is none or
//! that it is out of date. Only sites with `[[metrics]]` have the page.

use super::vars;

use super::RenderContext;
use super::plan::Planned;

pub fn plan<'r>(cx: &'r RenderContext<'_>) -> Vec<Planned<'r>> {
    let model = cx.model;
    if model.config.metrics.is_empty() {
        return Vec::new();
    }
    // The snapshots are its only input besides the configuration.
    let key = cx.key(format!("{:?}", model.metrics));
    vec![Planned::lazy("metrics/index.html", key, move || {
        let metrics: Vec<_> = model
            .config
            .metrics
            .iter()
            .zip(&model.metrics)
            .map(|(m, s)| cx.metric(m, s))
            .collect();
        let ctx = vars! {
            site => &cx.site,
            root => "../",
            page_title => cx.page_title("metrics"),
            metrics => metrics,
        };
        cx.page("metrics.html", "metrics/index.html", ctx)
    })]
}
