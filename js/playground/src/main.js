// Boot: the app (and the WebAssembly module under it) is loaded with a dynamic import, so a
// failure to load it still ends in a readable message instead of a blank page.
import "./style.css";

function fatal(error) {
  const box = document.createElement("div");
  box.className = "problem fatal";
  box.setAttribute("role", "alert");
  box.dataset.testid = "fatal";
  const lines = [
    "页面无法启动：guifan 没有加载成功。",
    "The page could not start: guifan failed to load.",
    String(error?.message ?? error),
  ];
  box.append(...lines.map((text) => Object.assign(document.createElement("p"), { textContent: text })));
  document.getElementById("app").replaceChildren(box);
}

import("./app.js").then((app) => app.start(document.getElementById("app"))).catch(fatal);
