//! The `upstart-lint` binary: the command line, with mimalloc as the allocator (a parse builds
//! many small tree nodes; mimalloc makes parsing and freeing them measurably cheaper).

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(upstart_lint::cli::main());
}
