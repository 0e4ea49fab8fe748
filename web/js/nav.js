// nav.js: moving between pages without a page load. app.js registers the
// function that draws the current address; screens call navigate().
let draw = () => {};
export function onNavigate(fn) { draw = fn; }

export function navigate(path, replace = false) {
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  draw();
}
export function reload() { draw(); }
