//! Task text in documents other programs read (issue 20): the characters
//! XML 1.0 forbids are shown as escapes in docx and SVG, and Markdown
//! never passes markup through.

use std::fs;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use crate::common::{cooptrack_in, copy_bundled, stdout_of};

const TODAY: &str = "2020-07-03";

/// The bundled tasks with 2.3's title holding U+FFFE, U+FFFF and markup.
fn hostile_title(root: &Path) -> PathBuf {
    let tasks = copy_bundled(root);
    let path = tasks.join("2.3.yaml");
    let text = fs::read_to_string(&path).unwrap().replacen(
        "title: 畅通涪江航道",
        "title: \"畅通\\uFFFE涪江<script>alert(1)</script>&<img src=x onerror=alert(1)>航道\\uFFFF\"",
        1,
    );
    fs::write(&path, text).unwrap();
    tasks
}

fn part(zip: &Path, name: &str) -> String {
    let mut archive = zip::ZipArchive::new(fs::File::open(zip).unwrap()).unwrap();
    let mut text = String::new();
    archive
        .by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn a_docx_and_an_html_page_show_what_xml_forbids_as_escapes() {
    let dir = tempfile::tempdir().unwrap();
    let tasks = hostile_title(dir.path());
    let docx = dir.path().join("通报.docx");
    cooptrack_in(&tasks)
        .args(["--as-of", TODAY, "report", "-o"])
        .arg(&docx)
        .assert()
        .success();
    let xml = part(&docx, "word/document.xml");
    assert!(
        !xml.contains(['\u{fffe}', '\u{ffff}']),
        "a raw non-character"
    );
    assert!(xml.contains("畅通\\u{fffe}涪江"), "no visible escape");
    let html =
        stdout_of(cooptrack_in(&tasks).args(["--as-of", TODAY, "report", "--format", "html"]));
    assert!(
        !html.contains(['\u{fffe}', '\u{ffff}']),
        "a raw non-character"
    );
    assert!(html.contains("航道\\u{ffff}"), "no visible escape");
}

#[test]
fn markdown_escapes_markup_in_task_text() {
    let dir = tempfile::tempdir().unwrap();
    let tasks = hostile_title(dir.path());
    let md =
        stdout_of(cooptrack_in(&tasks).args(["--as-of", TODAY, "list", "--format", "markdown"]));
    assert!(!md.contains("<script>") && !md.contains("<img"), "{md}");
    assert!(
        md.contains("&lt;script&gt;alert(1)&lt;/script&gt;&amp;&lt;img src=x onerror=alert(1)&gt;"),
        "{md}"
    );
    let report =
        stdout_of(cooptrack_in(&tasks).args(["--as-of", TODAY, "report", "--format", "markdown"]));
    assert!(
        !report.contains("<script>") && !report.contains("<img"),
        "{report}"
    );
}
