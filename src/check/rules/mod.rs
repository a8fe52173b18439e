//! Rule implementations, one module per family.

pub mod lexical;
pub mod upstart_errors;
