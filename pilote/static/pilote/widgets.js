/* Type-ahead on long lists (pilote/core/widgets.py): every <select data-pilote-search> becomes
   a Tom Select, on page load and in parts of pages htmx brings. Without JavaScript the list
   stays a plain <select>. A static file, no inline script nor eval: the strict CSP holds. */
(function () {
  "use strict";

  function message(text) {
    var element = document.createElement("div");
    element.className = "no-results";
    element.textContent = text;
    return element;
  }

  function enhance(select) {
    var multiple = select.multiple;
    var label = select.labels && select.labels.length ? select.labels[0].textContent : "";
    new TomSelect(select, {
      create: false,
      maxOptions: null,
      allowEmptyOption: false,
      hidePlaceholder: true,
      closeAfterSelect: true,
      placeholder: multiple ? "Taper pour chercher" : "Choisir ou taper pour chercher",
      plugins: multiple
        ? { remove_button: { title: "Retirer ce choix" } }
        : select.required || select.querySelector("option[value=''][disabled]")
          ? {}
          : { clear_button: { title: "Effacer ce choix" } },
      render: {
        no_results: function () { return message("Aucun résultat"); },
      },
    });
    // Tom Select points the label at its own field: the hidden list keeps its name for
    // checkers and leaves the accessibility tree, where the new field stands for it.
    select.setAttribute("aria-label", label.replace(/\s+/g, " ").trim());
    select.setAttribute("aria-hidden", "true");
  }

  function enhanceWithin(root) {
    if (typeof TomSelect === "undefined" || !root.querySelectorAll) {
      return;
    }
    root.querySelectorAll("select[data-pilote-search]:not(.tomselected)").forEach(enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { enhanceWithin(document); });
  } else {
    enhanceWithin(document);
  }
  document.addEventListener("htmx:load", function (event) { enhanceWithin(event.target); });
})();
