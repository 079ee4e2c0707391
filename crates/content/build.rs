//! The UI strings are compiled in by `fluent_templates::static_loader!`, which cargo does not
//! know reads a folder: tell it, so that adding or editing a `.ftl` file rebuilds this crate.

fn main() {
    println!("cargo:rerun-if-changed=../../content");
}
