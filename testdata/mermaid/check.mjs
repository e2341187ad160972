// check.mjs parses Mermaid diagrams with Mermaid's own parser and prints,
// for each file given, one JSON line: {"file", "ok", "error"} and, for a
// user-journey diagram, the "title", "sections" and "tasks" (name, score,
// people) the parser read. The Go tests of internal/export run it; it
// needs `npm ci` in this folder first (Node 20 or newer).
//
//   node check.mjs diagram.mmd [more.mmd...]
import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';

// Mermaid sanitises labels with DOMPurify, which needs a DOM.
const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false });

let failed = false;
for (const file of process.argv.slice(2)) {
  const out = { file, ok: false };
  try {
    const text = readFileSync(file, 'utf8');
    const res = await mermaid.parse(text);
    out.type = res.diagramType;
    if (res.diagramType === 'journey') {
      const d = await mermaid.mermaidAPI.getDiagramFromText(text);
      out.title = d.db.getDiagramTitle();
      out.sections = d.db.getSections();
      out.tasks = d.db.getTasks().map((t) => ({ section: t.section, task: t.task, score: t.score, people: t.people }));
    }
    out.ok = true;
  } catch (e) {
    out.error = String(e && e.message ? e.message : e);
    failed = true;
  }
  console.log(JSON.stringify(out));
}
process.exit(failed ? 1 : 0);
