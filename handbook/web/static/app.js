// Progressive enhancement only: every page works without this file, except the live roster progress.
// No words here: the page carries them in data- attributes, from the locale files.
"use strict";

function focusSummary() {
  const summary = document.getElementById("error-summary");
  if (summary) summary.focus();
  else if (document.getElementById("preview")) document.getElementById("preview-title").focus();
}

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, key) => String(values[key] ?? ""));
}

function parseEvents(buffer, handle) {
  let cut;
  while ((cut = buffer.indexOf("\n\n")) >= 0) {
    const block = buffer.slice(0, cut);
    buffer = buffer.slice(cut + 2);
    let name = "message";
    const data = [];
    for (const line of block.split("\n")) {
      if (line.startsWith("event: ")) name = line.slice(7);
      else if (line.startsWith("data: ")) data.push(line.slice(6));
    }
    handle(name, JSON.parse(data.join("\n") || "{}"));
  }
  return buffer;
}

function zipLink(base64) {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return URL.createObjectURL(new Blob([bytes], { type: "application/zip" }));
}

function rosterUpload(form) {
  const section = document.getElementById("roster-progress");
  const bar = document.getElementById("roster-bar");
  const status = document.getElementById("roster-status");
  const download = document.getElementById("roster-download");
  const bad = document.getElementById("roster-bad");
  const rows = bad.querySelector("tbody");
  const button = form.querySelector("button[type=submit]");

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    section.hidden = false;
    download.hidden = true;
    bad.hidden = true;
    rows.replaceChildren();
    bar.value = 0;
    button.disabled = true;
    try {
      const response = await fetch(form.action, {
        method: "POST", body: new FormData(form), headers: { Accept: "text/event-stream" },
        credentials: "same-origin",
      });
      const type = response.headers.get("content-type") || "";
      if (!type.startsWith("text/event-stream")) {
        form.submit(); // let the server's own page say what went wrong (403, 413, 429, 503)
        return;
      }
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer = parseEvents(buffer + value, (name, data) => {
          if (name === "progress") {
            bar.max = data.total || 1;
            bar.value = data.done;
            status.textContent = fill(section.dataset.progress, data);
          } else if (name === "bad") {
            const tr = document.createElement("tr");
            for (const cell of [data.line, data.name, data.reason]) {
              const td = document.createElement("td");
              td.textContent = String(cell);
              tr.append(td);
            }
            rows.append(tr);
            bad.hidden = false;
          } else if (name === "done") {
            status.textContent = fill(section.dataset.done, data);
            download.querySelector("a").href = zipLink(data.zip);
            download.hidden = false;
          } else if (name === "problem") {
            status.textContent = data.message;
          }
        });
      }
    } catch (error) {
      status.textContent = section.dataset.failed;
    } finally {
      button.disabled = false;
    }
  });
}

document.addEventListener("DOMContentLoaded", () => {
  focusSummary();
  const form = document.getElementById("roster-form");
  if (form && window.fetch && window.TextDecoderStream) rosterUpload(form);
});
