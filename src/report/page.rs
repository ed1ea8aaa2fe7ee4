//! One page per example, `plots/index.html`: the tables and plots it printed and drew,
//! each with a caption saying what to look for. Plots are inlined (the page stands
//! alone) and linked; a plot that was not drawn is named, never referenced.
//!
//! An example shows its tables with [`show`] and its plots with [`show_plot`], which
//! print as before and gather them; [`write_page`] writes the page at the end of `main`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::Table;
use crate::plot::{PlotError, output_path};

/// The page's file name, in the plot folder.
pub const PAGE: &str = "index.html";

/// What the page shows, in order.
#[derive(Debug, Clone)]
enum Item {
    Table {
        title: String,
        look_for: String,
        table: Table,
    },
    Plot {
        look_for: String,
        path: PathBuf,
    },
}

/// An example's page: a title, then its tables and plots.
#[derive(Debug, Clone, Default)]
pub struct Page {
    title: String,
    items: Vec<Item>,
}

/// What the running example has shown so far: examples print from many functions, and
/// each would otherwise have to pass a page along.
static GATHERED: Mutex<Vec<Item>> = Mutex::new(Vec::new());

fn gather(item: Item) {
    GATHERED
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(item);
}

/// Prints `table` and keeps it for the page under `title`, with `look_for` as caption.
pub fn show(table: &Table, title: &str, look_for: &str) {
    println!("{table}");
    gather(Item::Table {
        title: title.into(),
        look_for: look_for.into(),
        table: table.clone(),
    });
}

/// Says where a plot was written (or why not), and keeps it for the page with
/// `look_for` as caption.
pub fn show_plot<E: std::fmt::Display>(result: Result<PathBuf, E>, look_for: &str) {
    match result {
        Ok(path) => {
            println!("plot written to {}", path.display());
            gather(Item::Plot {
                look_for: look_for.into(),
                path,
            });
        }
        Err(error) => eprintln!("plot not written: {error}"),
    }
}

/// Writes what the example showed to `plots/index.html`, titled `title`.
pub fn write_page(title: &str) {
    let items = std::mem::take(&mut *GATHERED.lock().unwrap_or_else(|e| e.into_inner()));
    let page = Page {
        title: title.into(),
        items,
    };
    let written = output_path(PAGE).and_then(|path| {
        std::fs::write(&path, page.html(&path)).map_err(|source| PlotError::Draw {
            path: path.clone(),
            message: source.to_string(),
        })?;
        Ok(path)
    });
    match written {
        Ok(path) => println!("\nthe tables and plots on one page: {}", path.display()),
        Err(error) => eprintln!("page not written: {error}"),
    }
}

impl Page {
    /// An empty page titled `title`.
    pub fn new(title: &str) -> Self {
        Page {
            title: title.into(),
            items: Vec::new(),
        }
    }

    /// Adds a table.
    pub fn table(&mut self, table: &Table, title: &str, look_for: &str) -> &mut Self {
        self.items.push(Item::Table {
            title: title.into(),
            look_for: look_for.into(),
            table: table.clone(),
        });
        self
    }

    /// Adds the plot in the SVG file at `path`.
    pub fn plot(&mut self, path: &Path, look_for: &str) -> &mut Self {
        self.items.push(Item::Plot {
            look_for: look_for.into(),
            path: path.to_path_buf(),
        });
        self
    }

    /// The page as HTML, to be written at `page_path` (plots beside it are linked by
    /// file name). A plot file that cannot be read is named as missing, not linked.
    pub fn html(&self, page_path: &Path) -> String {
        let mut html = format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
             <h1>{title}</h1>\n<div class=\"items\">\n",
            title = escape(&self.title)
        );
        for item in &self.items {
            match item {
                Item::Table {
                    title,
                    look_for,
                    table,
                } => table_html(&mut html, title, look_for, table),
                Item::Plot { look_for, path } => plot_html(&mut html, page_path, look_for, path),
            }
        }
        html.push_str("</div>\n</body>\n</html>\n");
        html
    }
}

const STYLE: &str = "body{font-family:sans-serif;margin:1.5em;color:#222}\
    .items{display:flex;flex-wrap:wrap;gap:1.5em;align-items:flex-start}\
    figure{margin:0;padding:.8em;border:1px solid #ddd;border-radius:6px;max-width:100%}\
    figcaption{max-width:60em;margin-top:.5em;color:#444}\
    table{border-collapse:collapse;font-size:.9em}\
    th,td{padding:.2em .7em;text-align:left;border-bottom:1px solid #eee;white-space:nowrap}\
    th{border-bottom:2px solid #999}h2{font-size:1.05em;margin:0 0 .5em}\
    svg{max-width:100%;height:auto}";

fn table_html(html: &mut String, title: &str, look_for: &str, table: &Table) {
    let row = |cells: &[String], tag: &str| {
        let cells: String = cells
            .iter()
            .map(|c| format!("<{tag}>{}</{tag}>", escape(c)))
            .collect();
        format!("<tr>{cells}</tr>\n")
    };
    let body: String = table.rows.iter().map(|r| row(r, "td")).collect();
    let _ = write!(
        html,
        "<figure>\n<h2>{}</h2>\n<table>\n{}{body}</table>\n<figcaption>{}</figcaption>\n</figure>\n",
        escape(title),
        row(&table.header, "th"),
        escape(look_for)
    );
}

fn plot_html(html: &mut String, page_path: &Path, look_for: &str, path: &Path) {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let href = if path.parent() == page_path.parent() {
        name.clone()
    } else {
        path.display().to_string()
    };
    let _ = match std::fs::read_to_string(path) {
        Ok(svg) if svg.trim_start().starts_with("<svg") => write!(
            html,
            "<figure>\n{svg}\n<figcaption>{} <a href=\"{}\">{}</a></figcaption>\n</figure>\n",
            escape(look_for),
            escape(&href),
            escape(&name)
        ),
        _ => write!(
            html,
            "<figure>\n<p>{} was not drawn.</p>\n</figure>\n",
            escape(&name)
        ),
    };
}

/// `text` safe inside HTML text and attributes.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `href="..."` of `html`.
    fn links(html: &str) -> Vec<String> {
        html.split("href=\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn the_page_references_only_plots_that_exist() {
        let folder = std::env::temp_dir().join(format!("mlings-page-{}", std::process::id()));
        std::fs::create_dir_all(&folder).unwrap();
        let drawn = folder.join("drawn.svg");
        std::fs::write(&drawn, "<svg viewBox=\"0 0 1 1\"><text>drawn</text></svg>").unwrap();
        let missing = folder.join("missing.svg");
        let mut table = Table::new(&["model", "R²"]);
        table.row(vec!["<yours>".into(), "0.45".into()]);
        let mut page = Page::new("regression & more");
        page.table(&table, "metrics", "higher is better")
            .plot(&drawn, "the curve should fall")
            .plot(&missing, "never drawn");
        let html = page.html(&folder.join(PAGE));
        std::fs::remove_dir_all(&folder).unwrap();

        assert_eq!(links(&html), ["drawn.svg"]);
        assert!(html.contains("<text>drawn</text>"), "the plot is inlined");
        assert!(html.contains("missing.svg was not drawn"));
        assert!(html.contains("<td>&lt;yours&gt;</td>"), "cells are escaped");
        assert!(html.contains("<title>regression &amp; more</title>"));
        assert!(html.contains("higher is better"));
    }
}
