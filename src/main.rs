fn main() {
    std::process::exit(upstart_lint::cli::main());
}
