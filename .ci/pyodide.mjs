// Run the test suite inside Pyodide: CPython compiled to WebAssembly, driven by Node.
//
//   node .ci/pyodide.mjs PYODIDE_PACKAGE_DIR REPO_ROOT [-m unittest [UNITTEST_ARGS...]]
//
// PYODIDE_PACKAGE_DIR is an installed npm `pyodide` package (node_modules/pyodide):
// it carries the interpreter and the standard library, so nothing is downloaded.
// REPO_ROOT is mounted with NODEFS at /repo, which becomes the working directory and
// sys.path[0], and `python -m unittest` runs there as it does from a checkout.
// `-m unittest` may follow (so .ci/run's run_suite can call this like an interpreter);
// anything after it goes to unittest.  Exits 0 when the tests pass, 1 otherwise.
import { writeSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const MOUNT = "/repo";

function usage(message) {
  console.error(`pyodide.mjs: ${message}`);
  console.error("usage: node .ci/pyodide.mjs PYODIDE_PACKAGE_DIR REPO_ROOT [-m unittest [ARGS...]]");
  process.exit(2);
}

const [packageArg, repoArg, ...rest] = process.argv.slice(2);
if (!packageArg || !repoArg) usage("needs the pyodide package directory and the repository root");
let unittestArgs = rest;
if (rest[0] === "-m") {
  if (rest[1] !== "unittest") usage(`only '-m unittest' is supported (got '-m ${rest[1]}')`);
  unittestArgs = rest.slice(2);
}
const packageDir = resolve(packageArg);
const repoRoot = resolve(repoArg);

// Write Python's bytes straight to the file descriptors, unbuffered, so unittest's
// progress dots and partial lines come out as they do from CPython.
const toFd = (fd) => ({ write: (bytes) => writeSync(fd, bytes) });

let exitCode = 1;
try {
  const { loadPyodide } = await import(pathToFileURL(`${packageDir}/pyodide.mjs`).href);
  const pyodide = await loadPyodide({
    indexURL: `${packageDir}/`,
    // Bytecode written here would land in the host checkout's __pycache__.
    env: { HOME: "/home/pyodide", PYTHONDONTWRITEBYTECODE: "1" },
  });
  pyodide.setStdout(toFd(1));
  pyodide.setStderr(toFd(2));
  pyodide.mountNodeFS(MOUNT, repoRoot); // NODEFS under the hood
  pyodide.globals.set("unittest_args", pyodide.toPy(unittestArgs));
  exitCode = pyodide.runPython(`
import os, runpy, sys

def run_unittest(mount, args):
    """Run 'python -m unittest ARGS' from mount; return its exit status."""
    os.chdir(mount)
    sys.path.insert(0, mount)
    sys.dont_write_bytecode = True
    sys.argv = ["python -m unittest", *args]
    try:
        runpy.run_module("unittest", run_name="__main__", alter_sys=True)
    except SystemExit as stop:
        code = stop.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 0

run_unittest(${JSON.stringify(MOUNT)}, list(unittest_args))
`);
} catch (error) {
  // A Python exception outside the tests (an import error in discovery is a test
  // error, so this is a broken harness or interpreter) arrives as a PythonError.
  console.error(`pyodide.mjs: ${error && error.message ? error.message : error}`);
  exitCode = 1;
}
process.exit(exitCode === 0 ? 0 : 1);
