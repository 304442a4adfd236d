/* Page behaviour without inline script (the Content-Security-Policy allows scripts from 'self' only).
 *   <select data-autosubmit>          submits its form on change
 *   <form|button data-confirm="what will happen" [data-confirm-ok="button label"]>
 *                                     asks in the page's <dialog id="confirm-dialog"> before submitting
 *                                     (HTMX forms too, through htmx:confirm); without JS the form
 *                                     simply submits
 *   <button data-nav-toggle aria-controls="id">  opens/closes the menu on a phone
 *   <button data-print>               prints the page
 *   <form data-hash-into="name" [data-hash-submit]>   moves the URL fragment (a ballot slip's QR
 *                                     code: browsers never send it) into that field, then submits
 *   <canvas data-core-chart="kind" data-source="json_script id">   draws one of the charts below
 */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches && target.matches("select[data-autosubmit]") && target.form) target.form.submit();
  });
  document.documentElement.classList.add("js");

  var dialog = document.getElementById("confirm-dialog");
  function ask(source, proceed) {
    var text = source.dataset.confirm;
    if (!dialog || typeof dialog.showModal !== "function") { if (window.confirm(text)) proceed(); return; }
    var ok = dialog.querySelector("#confirm-dialog-ok");
    dialog.querySelector("[data-confirm-text]").textContent = text;
    ok.textContent = source.dataset.confirmOk || ok.dataset.defaultLabel;
    dialog.returnValue = "";
    dialog.addEventListener("close", function closed() {
      dialog.removeEventListener("close", closed);
      if (dialog.returnValue === "ok") proceed();
    });
    dialog.showModal();
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter || null;
    // the button's question (e.g. "save and send") wins over the form's
    var source = submitter && submitter.dataset && submitter.dataset.confirm ? submitter : form;
    if (!source.dataset || !source.dataset.confirm) return;
    if (form.hasAttribute("hx-post")) return;  // htmx asks through htmx:confirm below
    if (form.dataset.confirmed === "1") { delete form.dataset.confirmed; return; }
    event.preventDefault();
    ask(source, function () {
      form.dataset.confirmed = "1";
      if (typeof form.requestSubmit === "function") form.requestSubmit(submitter); else form.submit();
    });
  }, true);
  document.addEventListener("htmx:confirm", function (event) {
    var element = event.detail.elt;
    if (!element.dataset || !element.dataset.confirm) return;
    event.preventDefault();
    ask(element, function () { event.detail.issueRequest(true); });
  });

  document.querySelectorAll("[data-nav-toggle]").forEach(function (button) {
    var menu = document.getElementById(button.getAttribute("aria-controls"));
    if (!menu) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", open ? "true" : "false");
      menu.classList.toggle("open", open);
    });
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-print]") : null;
    if (button) { event.preventDefault(); window.print(); }
  });

  document.querySelectorAll("form[data-hash-into]").forEach(function (form) {
    var value = decodeURIComponent(location.hash.slice(1));
    var field = form.elements[form.dataset.hashInto];
    if (!value || !field) return;
    history.replaceState(null, "", location.pathname);
    field.value = value;
    if (form.hasAttribute("data-hash-submit")) form.submit();
  });

  var charts = {
    "awards-statistics": function (canvas, data) {
      if (typeof data === "string") data = JSON.parse(data);
      if (!data.labels.length) return null;
      return {type: "bar", data: data, options: {indexAxis: "y", scales: {x: {stacked: true}, y: {stacked: true}}}};
    },
    "emulation-progress": function (canvas, data) {
      var l = canvas.dataset;
      return {
        type: "bar",
        data: {labels: data.labels, datasets: [
          {label: l.labelShare, data: data.share, backgroundColor: "#a3161a"},
          {label: l.labelForecast, data: data.forecast, backgroundColor: "#9ca3af"},
          {label: l.labelGoal, type: "line", data: data.labels.map(function () { return data.goal; }), borderColor: "#146c2e", pointRadius: 0}
        ]},
        options: {scales: {y: {min: 0, max: 100}}, animation: false}
      };
    },
    "emulation-unit": function (canvas, data) {
      var l = canvas.dataset;
      return {
        type: "bar",
        data: {labels: data.labels, datasets: [
          {label: l.labelPercent, data: data.percent, backgroundColor: "#a3161a"},
          {label: l.labelExpected, type: "line", data: data.expected, borderColor: "#146c2e", pointRadius: 0}
        ]},
        options: {animation: false}
      };
    }
  };
  function drawCharts() {
    if (typeof Chart === "undefined") return;
    document.querySelectorAll("canvas[data-core-chart]").forEach(function (canvas) {
      var build = charts[canvas.dataset.coreChart];
      var source = document.getElementById(canvas.dataset.source);
      if (!build || !source || canvas.dataset.drawn) return;
      var config = build(canvas, JSON.parse(source.textContent));
      if (config) { new Chart(canvas, config); canvas.dataset.drawn = "1"; }
    });
  }
  document.addEventListener("DOMContentLoaded", drawCharts);
  document.addEventListener("htmx:afterSettle", drawCharts);
})();
