// The board's results are replaced by htmx when a page link is followed. htmx gives focus back
// to an element with the same id (the "Next page" link); when there is none (the last page has
// no "Next"), keyboard focus would fall to the start of the document: it goes to the results'
// heading instead, which also tells a screen reader where it is.
document.addEventListener("htmx:afterSettle", (event) => {
  const results = document.getElementById("board-results");
  if (!results || event.detail.elt !== results) {
    return;
  }
  const focused = document.activeElement;
  if (!focused || focused === document.body) {
    document.getElementById("board-count")?.focus();
  }
});
