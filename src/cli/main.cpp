// capplan: the command-line front end. Everything happens in capplan::cli::run (app.cpp).
#include "cli/app.hpp"

int main(int argc, char** argv) { return capplan::cli::run(argc, argv); }
