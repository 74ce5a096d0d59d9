// The handler's form on a suggestion page: show only the fields the chosen action needs.
// Without this script every field shows, each saying which action needs it.
(function () {
  "use strict";

  function fieldOf(input) {
    return input && input.closest(".field");
  }

  function enhance(form) {
    var neededBy = JSON.parse(form.getAttribute("data-needed-by") || "{}");
    var action = form.querySelector("select[name=action]");
    if (!action) {
      return;
    }
    function update() {
      Object.keys(neededBy).forEach(function (id) {
        var field = fieldOf(document.getElementById(id));
        if (!field) {
          return;
        }
        var needed = neededBy[id].indexOf(action.value) !== -1;
        // A field that holds an error stays visible, whatever is chosen.
        field.hidden = !needed && !field.classList.contains("field--error");
      });
    }
    action.addEventListener("change", update);
    update();
  }

  document.querySelectorAll("form[data-needed-by]").forEach(enhance);
})();
