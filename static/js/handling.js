// A decision's form (the handler panel of a suggestion, each item of a meeting's minutes): show
// only the fields the chosen move needs. The form (or fieldset) names the select that chooses
// the move in data-chosen-by, and which move needs which field in data-needed-by.
// Without this script every field shows, each saying which move needs it.
(function () {
  "use strict";

  function fieldOf(input) {
    return input && input.closest(".field");
  }

  function enhance(form) {
    var neededBy = JSON.parse(form.getAttribute("data-needed-by") || "{}");
    var move = document.getElementById(form.getAttribute("data-chosen-by"));
    if (!move) {
      return;
    }
    function update() {
      Object.keys(neededBy).forEach(function (id) {
        var field = fieldOf(document.getElementById(id));
        if (!field) {
          return;
        }
        var needed = neededBy[id].indexOf(move.value) !== -1;
        // A field that holds an error stays visible, whatever is chosen.
        field.hidden = !needed && !field.classList.contains("field--error");
      });
    }
    move.addEventListener("change", update);
    update();
  }

  document.querySelectorAll("[data-needed-by]").forEach(enhance);
})();
