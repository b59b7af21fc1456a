//! The integration tests, built as one test binary (one link instead of
//! one per file, as cargo's own test suite does): a module per area.

mod close_plan;
mod common;
mod dataset;
mod ecosystem;
mod editing;
mod first_hour;
mod forged_forms;
mod forms;
mod hostile;
mod hostile_output;
mod hostile_rules;
mod hostile_text;
mod hostile_writes;
mod import;
mod json;
mod lang;
mod ledger_year;
mod list;
mod merge;
mod module_graph;
mod output;
mod owes_agree;
mod readme;
mod repo;
mod report;
mod report_docx;
mod report_html;
mod report_terminal;
mod report_xlsx;
mod report_year;
mod rule_book;
mod schema;
mod show_depts;
mod validate;
mod writes;
