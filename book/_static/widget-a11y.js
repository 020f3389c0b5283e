// Alliance Lab: accessible names for widget controls that ipywidgets leaves unnamed.
// The slider handle (role="slider") never gets the widget's description as its name,
// and labels carry title="null". Runs as the widget manager renders the stored widgets.
(function () {
  "use strict";
  function nameControls() {
    var handles = document.querySelectorAll(
      '.widget-subarea [role="slider"]:not([aria-label]):not([aria-labelledby])'
    );
    handles.forEach(function (handle) {
      var widget = handle.closest(".widget-slider");
      var label = widget && widget.querySelector(".widget-label");
      var text = label && label.textContent.trim();
      if (text) {
        handle.setAttribute("aria-label", text);
      }
    });
    // form controls: name them after the widget's own label, else its tooltip (title)
    var controls = document.querySelectorAll(
      ".widget-subarea input:not([aria-label]):not([type=hidden]), " +
        ".widget-subarea select:not([aria-label]), .widget-subarea textarea:not([aria-label])"
    );
    controls.forEach(function (control) {
      var widget = control.closest(".jupyter-widgets");
      if (!widget) {
        return;
      }
      var label = widget.querySelector(".widget-label");
      var text = label && label.textContent.trim();
      if (!text) {
        var titled = control.closest("[title]");
        text = titled && titled.getAttribute("title") !== "null" ? titled.getAttribute("title") : "";
      }
      if (!text) {
        text = control.getAttribute("placeholder") || "";
      }
      if (text) {
        control.setAttribute("aria-label", text.trim());
      }
    });
    document.querySelectorAll('.widget-subarea .widget-label[title="null"]').forEach(function (el) {
      el.removeAttribute("title");
    });
  }
  var observer = new MutationObserver(nameControls);
  document.addEventListener("DOMContentLoaded", function () {
    nameControls();
    observer.observe(document.body, { childList: true, subtree: true });
  });
})();
