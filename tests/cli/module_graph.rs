//! Each module has one home (issue 19 §7): the top-level modules of src/
//! depend on one another without a cycle. The edges are read from the
//! sources: `crate::a::…` paths (in `use`, in expressions, in types, in
//! `use crate::{a, b}` groups, in macro calls `crate::tr!` counted for the
//! module that defines the macro), `super::` paths that leave their
//! top-level module, and, in lib.rs, the paths that start with a module's
//! name. Comments, string literals and `#[cfg(test)] mod tests` blocks are
//! left out. Any strongly connected component of more than one module
//! fails the test, naming its modules and the edges inside it.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Edges between top-level modules: from → to → the first file seen.
type Edges = BTreeMap<String, BTreeMap<String, String>>;

/// The top-level module a file of src/ belongs to: `store.rs` → store,
/// `render/table.rs` → render, `lib.rs` and `main.rs` → lib.
fn top_module(rel: &Path) -> String {
    let parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    match parts.as_slice() {
        [file] => match file.trim_end_matches(".rs") {
            "lib" | "main" => "lib".to_string(),
            stem => stem.to_string(),
        },
        [dir, ..] => dir.clone(),
        [] => "lib".to_string(),
    }
}

/// The module path of a file: `render/table.rs` → [render, table],
/// `render/mod.rs` → [render], `lib.rs` → [].
fn module_path(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().unwrap_or_default();
    match last.trim_end_matches(".rs") {
        "mod" => {}
        "lib" | "main" if parts.is_empty() => {}
        stem => parts.push(stem.to_string()),
    }
    parts
}

/// Whether a string literal's content is a path the compiler reads
/// (`#[serde(serialize_with = "crate::query::ymd_string")]`).
fn is_path_literal(content: &str) -> bool {
    let mut parts = content.split("::");
    matches!(parts.next(), Some("crate" | "super"))
        && parts.all(|p| !p.is_empty() && p.chars().all(|c| c == '_' || c.is_alphanumeric()))
}

/// The code without comments; string and character literals are blanked
/// (but for path literals), so that neither can hold a path or a brace.
fn strip_comments_and_strings(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            out.push(' ');
        } else if c == 'r'
            && (next == Some('"') || next == Some('#'))
            && !chars[..i]
                .last()
                .is_some_and(|p| p.is_alphanumeric() || *p == '_')
            && raw_string_end(&chars, i).is_some()
        {
            i = raw_string_end(&chars, i).unwrap_or(chars.len());
            out.push_str("\"\"");
        } else if c == '"' {
            let start = i + 1;
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    i += 1;
                }
                i += 1;
            }
            let content: String = chars[start..i.min(chars.len())].iter().collect();
            i += 1;
            out.push('"');
            if is_path_literal(&content) {
                out.push(' ');
                out.push_str(&content);
                out.push(' ');
            }
            out.push('"');
        } else if c == '\'' {
            // A character literal ('x', '\n', '\u{1b}') or a lifetime ('a).
            if next == Some('\\') {
                i += 2;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
                out.push_str("' '");
            } else if chars.get(i + 2) == Some(&'\'') {
                i += 3;
                out.push_str("' '");
            } else {
                out.push(c);
                i += 1;
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// Where a raw string starting at `i` (`r"…"`, `r#"…"#`) ends.
fn raw_string_end(chars: &[char], i: usize) -> Option<usize> {
    let mut j = i + 1;
    let mut hashes = 0;
    while chars.get(j) == Some(&'#') {
        hashes += 1;
        j += 1;
    }
    if chars.get(j) != Some(&'"') {
        return None;
    }
    j += 1;
    while j < chars.len() {
        if chars[j] == '"' && (1..=hashes).all(|k| chars.get(j + k) == Some(&'#')) {
            return Some(j + 1 + hashes);
        }
        j += 1;
    }
    Some(chars.len())
}

/// The code without `#[cfg(test)] mod tests { … }` blocks (of code already
/// without comments and strings, so that its braces are the code's).
fn strip_test_modules(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    let mut rest = code;
    while let Some(at) = rest.find("#[cfg(test)]") {
        let after = &rest[at + "#[cfg(test)]".len()..];
        let trimmed = after.trim_start();
        let Some(body) = trimmed
            .strip_prefix("mod")
            .map(str::trim_start)
            .and_then(|t| t.strip_prefix("tests"))
            .map(str::trim_start)
            .filter(|t| t.starts_with('{'))
        else {
            out.push_str(&rest[..at + "#[cfg(test)]".len()]);
            rest = after;
            continue;
        };
        out.push_str(&rest[..at]);
        let mut depth = 0usize;
        let mut end = body.len();
        for (k, c) in body.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = k + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        rest = &body[end..];
    }
    out.push_str(rest);
    out
}

fn is_ident_char(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

/// The identifier at the start of `text`.
fn ident(text: &str) -> &str {
    let end = text.find(|c: char| !is_ident_char(c)).unwrap_or(text.len());
    &text[..end]
}

/// The first segment of each item of a `{a, b::c, d::{e, f}}` group that
/// `text` starts with.
fn group_heads(text: &str) -> Vec<String> {
    let mut heads = Vec::new();
    let mut depth = 0usize;
    let mut expect = true;
    for (k, c) in text.char_indices() {
        match c {
            '{' => {
                depth += 1;
                if depth == 1 {
                    expect = true;
                    continue;
                }
            }
            '}' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            ',' if depth == 1 => {
                expect = true;
                continue;
            }
            _ => {}
        }
        if depth == 1 && expect && is_ident_char(c) {
            heads.push(ident(&text[k..]).to_string());
            expect = false;
        }
    }
    heads
}

/// The names a path after `crate::` starts with: one, or a group's.
fn heads(rest: &str) -> Vec<String> {
    if rest.starts_with('{') {
        return group_heads(rest);
    }
    let name = ident(rest);
    (!name.is_empty())
        .then(|| name.to_string())
        .into_iter()
        .collect()
}

/// Where each `mod NAME {` block opens and closes: (name, start, end) in
/// byte offsets of `code`.
fn inline_modules(code: &str) -> Vec<(String, usize, usize)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = code[from..].find("mod ").map(|k| k + from) {
        from = at + 4;
        if code[..at].chars().last().is_some_and(is_ident_char) {
            continue;
        }
        let rest = code[from..].trim_start();
        let name = ident(rest);
        let after = rest[name.len()..].trim_start();
        if name.is_empty() || !after.starts_with('{') {
            continue;
        }
        let open = code.len() - after.len();
        let mut depth = 0usize;
        let mut end = code.len();
        for (k, c) in code[open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = open + k + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        found.push((name.to_string(), open, end));
    }
    found
}

/// The edges between the top-level modules of the files given (paths
/// relative to src/, and their text).
fn edges(files: &[(PathBuf, String)]) -> Edges {
    let modules: BTreeSet<String> = files
        .iter()
        .map(|(rel, _)| top_module(rel))
        .filter(|m| m != "lib")
        .collect();
    let mut macros: BTreeMap<String, String> = BTreeMap::new();
    let mut cleaned = Vec::new();
    for (rel, text) in files {
        let code = strip_test_modules(&strip_comments_and_strings(text));
        let mut rest = code.as_str();
        while let Some(at) = rest.find("#[macro_export]") {
            rest = &rest[at + "#[macro_export]".len()..];
            if let Some(name) = rest.trim_start().strip_prefix("macro_rules!") {
                macros.insert(ident(name.trim_start()).to_string(), top_module(rel));
            }
        }
        cleaned.push((rel, code));
    }
    let target = |name: &str| -> String {
        if modules.contains(name) {
            name.to_string()
        } else {
            macros.get(name).cloned().unwrap_or_else(|| "lib".into())
        }
    };
    let mut edges: Edges = BTreeMap::new();
    for (rel, code) in &cleaned {
        let me = top_module(rel);
        let shown = format!("src/{}", rel.to_string_lossy().replace('\\', "/"));
        let mut add = |to: String| {
            if to != me {
                edges
                    .entry(me.clone())
                    .or_default()
                    .entry(to)
                    .or_insert_with(|| shown.clone());
            }
        };
        let file_path = module_path(rel);
        let blocks = inline_modules(code);
        for (at, _) in code.match_indices("crate::") {
            let before = code[..at].chars().last();
            if before.is_some_and(|c| is_ident_char(c) || c == ':') {
                continue;
            }
            for head in heads(&code[at + "crate::".len()..]) {
                add(target(&head));
            }
        }
        for (at, _) in code.match_indices("super::") {
            let before = code[..at].chars().last();
            if before.is_some_and(|c| is_ident_char(c) || c == ':') {
                continue;
            }
            // The module the path is written in: the file's, then the
            // inline `mod` blocks around it.
            let mut path = file_path.clone();
            path.extend(
                blocks
                    .iter()
                    .filter(|(_, start, end)| *start < at && at < *end)
                    .map(|(name, _, _)| name.clone()),
            );
            let mut rest = &code[at..];
            while let Some(r) = rest.strip_prefix("super::") {
                path.pop();
                rest = r;
            }
            match path.first() {
                Some(top) => add(target(top)),
                None => heads(rest).iter().for_each(|head| add(target(head))),
            }
        }
        if me == "lib" {
            // In the crate root a path may start with a module's name.
            for (at, _) in code.match_indices("::") {
                let before = &code[..at];
                let start = before
                    .rfind(|c: char| !is_ident_char(c))
                    .map_or(0, |k| k + 1);
                let name = &before[start..];
                let prefixed = before[..start].ends_with("::") || before[..start].ends_with('$');
                if !prefixed && modules.contains(name) {
                    add(name.to_string());
                }
            }
        }
    }
    edges
}

/// The strongly connected components of more than one module (Tarjan).
fn knots(edges: &Edges) -> Vec<Vec<String>> {
    struct Search<'a> {
        edges: &'a Edges,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        found: Vec<Vec<String>>,
    }
    impl<'a> Search<'a> {
        fn visit(&mut self, v: &'a str) {
            let n = self.index.len();
            self.index.insert(v, n);
            self.low.insert(v, n);
            self.stack.push(v);
            self.on_stack.insert(v);
            let edges = self.edges;
            for w in edges.get(v).into_iter().flat_map(BTreeMap::keys) {
                let w = w.as_str();
                if !self.index.contains_key(w) {
                    self.visit(w);
                    let low = self.low[v].min(self.low[w]);
                    self.low.insert(v, low);
                } else if self.on_stack.contains(w) {
                    let low = self.low[v].min(self.index[w]);
                    self.low.insert(v, low);
                }
            }
            if self.low[v] == self.index[v] {
                let mut component = Vec::new();
                while let Some(w) = self.stack.pop() {
                    self.on_stack.remove(w);
                    component.push(w.to_string());
                    if w == v {
                        break;
                    }
                }
                if component.len() > 1 {
                    component.sort();
                    self.found.push(component);
                }
            }
        }
    }
    let mut search = Search {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for v in edges.keys() {
        if !search.index.contains_key(v.as_str()) {
            search.visit(v);
        }
    }
    search.found.sort();
    search.found
}

/// What a failure says: each knot's modules, then the edges inside it.
fn describe(edges: &Edges, knots: &[Vec<String>]) -> String {
    let mut text = String::new();
    for knot in knots {
        text.push_str(&format!(
            "cycle of {} modules: {}\n",
            knot.len(),
            knot.join(" ")
        ));
        for from in knot {
            for (to, file) in edges.get(from).into_iter().flatten() {
                if knot.contains(to) {
                    text.push_str(&format!("  {from} -> {to}    (first seen in {file})\n"));
                }
            }
        }
    }
    text
}

fn sources(dir: &Path, root: &Path, files: &mut Vec<(PathBuf, String)>) {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            sources(&path, root, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let rel = path.strip_prefix(root).unwrap().to_path_buf();
            files.push((rel, fs::read_to_string(&path).unwrap()));
        }
    }
}

#[test]
fn the_modules_of_src_form_no_cycle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &src, &mut files);
    assert!(
        files.len() > 50,
        "read {} files of {}",
        files.len(),
        src.display()
    );
    let edges = edges(&files);
    // The graph was read: the crate root uses the commands, which use the store.
    assert!(edges["lib"].contains_key("commands"), "{edges:?}");
    assert!(edges["commands"].contains_key("store"), "{edges:?}");
    let knots = knots(&edges);
    assert!(knots.is_empty(), "{}", describe(&edges, &knots));
}

fn in_memory(files: &[(&str, &str)]) -> Edges {
    let files: Vec<(PathBuf, String)> = files
        .iter()
        .map(|(p, t)| (PathBuf::from(p), (*t).to_string()))
        .collect();
    edges(&files)
}

#[test]
fn a_cycle_through_super_and_inline_paths_is_found_and_named() {
    let edges = in_memory(&[
        ("lib.rs", "pub mod a;\npub mod b;\npub mod c;\n"),
        ("a.rs", "pub fn f() -> crate::b::T { todo!() }\n"),
        (
            "b/mod.rs",
            "mod inner;\npub struct T;\nfn g() { let _ = crate::c::h(); }\n",
        ),
        ("b/inner.rs", "use super::super::a::f;\n"),
        ("c.rs", "use crate::{b::T, a};\npub fn h() {}\n"),
    ]);
    assert_eq!(
        describe(&edges, &knots(&edges)),
        "cycle of 3 modules: a b c\n\
         \x20 a -> b    (first seen in src/a.rs)\n\
         \x20 b -> a    (first seen in src/b/inner.rs)\n\
         \x20 b -> c    (first seen in src/b/mod.rs)\n\
         \x20 c -> a    (first seen in src/c.rs)\n\
         \x20 c -> b    (first seen in src/c.rs)\n"
    );
}

#[test]
fn a_cycle_through_the_crate_root_is_found() {
    // lib.rs calls `commands`, which names an item of lib.rs.
    let edges = in_memory(&[
        (
            "lib.rs",
            "pub mod commands;\npub enum Outcome { Ok }\nfn run() { commands::go(); }\n",
        ),
        (
            "commands.rs",
            "pub fn go() -> crate::Outcome { crate::Outcome::Ok }\n",
        ),
    ]);
    assert_eq!(knots(&edges), [["commands", "lib"]]);
}

#[test]
fn tests_comments_strings_and_local_super_paths_are_not_edges() {
    let edges = in_memory(&[
        ("lib.rs", "pub mod a;\npub mod b;\n"),
        (
            "a.rs",
            "// uses crate::b::x in a comment\n/* and crate::b /* nested */ here */\n\
             const S: &str = \"crate::b::y is in a string // not a comment\";\n\
             const C: char = '\"';\n\
             mod inner { fn f() { super::g() } }\n\
             fn g<'a>(x: &'a str) -> &'a str { x }\n\
             #[cfg(test)]\nmod tests {\n    use crate::b::Z;\n    fn t() { let _ = \"}\"; }\n}\n",
        ),
        (
            "b.rs",
            "#[macro_export]\nmacro_rules! say { () => {} }\n\
             #[serde(serialize_with = \"crate::a::ymd\")]\nstruct S;\n",
        ),
    ]);
    assert!(!edges.contains_key("a"), "{edges:?}");
    assert_eq!(edges["b"].keys().collect::<Vec<_>>(), ["a"]);
    // A macro exported by b and called from a is an edge a -> b.
    let edges = in_memory(&[
        ("lib.rs", "pub mod a;\npub mod b;\n"),
        ("a.rs", "fn f() { crate::say!(); }\n"),
        ("b.rs", "#[macro_export]\nmacro_rules! say { () => {} }\n"),
    ]);
    assert_eq!(edges["a"].keys().collect::<Vec<_>>(), ["b"]);
}
