/*
 * 写作自查's worker (a module worker, as Pyodide requires): Pyodide running the reportkb package
 * (the very code `reportkb check` runs), off the page's main thread. The messages between the page
 * (checker.js) and this worker, the only place they are written down:
 *   in:  {start: {pyodide, bundle, library, site}}  where Pyodide and the checker's bundle are, what
 *                                    the library holds (indexes.library_links, as JSON) for the links,
 *                                    and the site's root (查重 reads the library's files from there)
 *        {check: {name, bytes, id}}  a draft: its file name as the writer knows it, its bytes
 *        {word: {name}}              the draft checked last, laid out as Word
 *   out: {progress: step}            a step of the start (the names and texts are draft.STEPS, in Python)
 *        {result: json, id}          what reportkb.draft.check_file gave for the draft `id`
 *        {word: bytes}               the Word file
 *        {failed: message}           what went wrong
 * The draft is written into Pyodide's in-memory file system and nowhere else. For 查重, the check
 * names the library's files it needs (copies.Missing); they are fetched from the site, all at once,
 * into the same file system (LIBRARY, laid out as the site), and the check is asked again.
 */

var DRAFTS = "/drafts/", BUNDLE = "/bundle", LIBRARY = "/library";
var ROUNDS = 5;  // rounds of library files a check may ask for (it asks for three, for every report of the draft at once)
var SNAPSHOTS = "rk-checker-snapshots";  // Cache Storage: the started interpreter and the compiled modules, kept after the first visit
var COMPILE_AFTER = 1000;  // ms after ready before a first visit compiles the modules to keep
var python = null, library = undefined, site = "";

function progress(step) {
  postMessage({ progress: step });
}

async function snapshotStore() {
  try {
    return await caches.open(SNAPSHOTS);
  } catch {
    return null;  // no Cache Storage here: every visit starts the long way
  }
}

// Pyodide started from the snapshot a first visit kept (the interpreter just started, before any
// of the checker ran), else started the long way and a snapshot kept for the next visit.
async function startPython(urls) {
  var runtime = await import(urls.pyodide + "pyodide.mjs");
  var store = await snapshotStore(), key = urls.pyodide + "snapshot";
  var kept = store && await store.match(key);
  if (kept) {
    try {
      return await runtime.loadPyodide({ indexURL: urls.pyodide, _loadSnapshot: new Uint8Array(await kept.arrayBuffer()) });
    } catch {
      await store.delete(key);  // a snapshot this runtime cannot use: start the long way
    }
  }
  var started = await runtime.loadPyodide({ indexURL: urls.pyodide, _makeSnapshot: Boolean(store) });
  if (store) store.put(key, new Response(started.makeMemorySnapshot())).catch(function () {});  // kept in the background
  return started;
}

// Pyodide and the bundle load side by side; then the bundle is unpacked (with the modules as
// compiled on an earlier visit, if kept) and the checker imported. On a first visit the modules
// are compiled and kept a moment after the checker is ready, when the page is likely still idle.
async function start(urls) {
  progress("runtime");
  var bundled = fetch(urls.bundle).then(function (response) { return response.arrayBuffer(); });
  python = await startPython(urls);
  progress("checker");
  python.unpackArchive(await bundled, "zip", { extractDir: BUNDLE });
  var store = await snapshotStore(), key = urls.bundle + "#compiled";
  var kept = store && await store.match(key);
  if (kept) python.unpackArchive(await kept.arrayBuffer(), "zip", { extractDir: BUNDLE });
  python.runPython("import sys\nsys.path.insert(0, '" + BUNDLE + "')\nimport reportkb.draft");
  progress("vocab");
  python.runPython("reportkb.draft.load('" + BUNDLE + "/vocab')");
  progress("ready");
  if (store && !kept) setTimeout(function () { keepCompiled(store, key); }, COMPILE_AFTER);
}

function keepCompiled(store, key) {
  var zipped = python.pyimport("reportkb.draft").compiled(BUNDLE);
  var bytes = zipped.toJs();
  zipped.destroy();
  store.put(key, new Response(bytes)).catch(function () {});
}

function write(name, bytes) {
  python.FS.mkdirTree(DRAFTS);
  var path = DRAFTS + name.replace(/[/\\]/g, "_");
  python.FS.writeFile(path, new Uint8Array(bytes));
  return path;
}

// A library file (by its path from the site's root) fetched into LIBRARY; one whose name does not
// change with its content (`fresh`) asks the server whether it has changed, never only the cache.
async function fetchInto(name, fresh) {
  var response = await fetch(site + name, fresh ? { cache: "no-cache" } : {});
  if (!response.ok) throw new Error(name + " " + response.status);
  var path = LIBRARY + "/" + name;
  python.FS.mkdirTree(path.slice(0, path.lastIndexOf("/")));
  python.FS.writeFile(path, await response.text());
}

// A draft checked: asked again while the check needs library files, which are fetched meanwhile
// (draft.check_file: {need, fixed}); if they cannot be had, checked without 查重.
async function checked(draft) {
  var path = write(draft.name, draft.bytes), module = python.pyimport("reportkb.draft");
  for (var round = 0; round <= ROUNDS; round++) {
    var result = module.check_file(path, BUNDLE + "/vocab", draft.name, library, LIBRARY);
    var asked = JSON.parse(result);
    if (!asked.need) return result;
    if (round === ROUNDS) break;
    try {
      await Promise.all(asked.need.map(function (name) { return fetchInto(name, asked.fixed.indexOf(name) !== -1); }));
    } catch {
      break;
    }
  }
  return module.check_file(path, BUNDLE + "/vocab", draft.name, library, "");
}

addEventListener("message", function (event) {
  var data = event.data;
  var job;
  if (data.start) {
    library = data.start.library;
    site = data.start.site;
    job = start(data.start);
  }
  else if (data.check) {
    job = checked(data.check).then(function (result) { postMessage({ result: result, id: data.check.id }); });
  } else if (data.word) {
    job = Promise.resolve().then(function () {
      var copy = python.pyimport("reportkb.draft").word_copy(DRAFTS + data.word.name.replace(/[/\\]/g, "_"), BUNDLE + "/vocab");
      var bytes = copy.toJs();
      copy.destroy();
      postMessage({ word: bytes }, [bytes.buffer]);
    });
  }
  if (job) job.catch(function (error) { postMessage({ failed: String(error && error.message || error) }); });
});
