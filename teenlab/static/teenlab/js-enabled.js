// Runs before the page is drawn, so that what depends on JavaScript never flashes: the
// stylesheet keys on html.js (a static file, since the Content-Security-Policy forbids inline scripts).
document.documentElement.classList.replace("no-js", "js");
