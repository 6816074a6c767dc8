// The one script of our own (no build chain, docs/adr/0061): error summaries as in the GOV.UK Design System.
// A summary takes focus when it appears, and its links move focus to their field (a fragment link only scrolls).
(function () {
  function focusSummary() {
    var summary = document.querySelector('[data-error-summary]');
    if (summary) summary.focus();
  }
  document.addEventListener('click', function (event) {
    var link = event.target.closest && event.target.closest('.error-summary a[href*="#"]');
    if (!link) return;
    var field = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!field) return;
    event.preventDefault();
    field.scrollIntoView();
    field.focus();
  }, true);
  document.addEventListener('DOMContentLoaded', focusSummary);
  if (window.Blazor && window.Blazor.addEventListener) window.Blazor.addEventListener('enhancedload', focusSummary);
  else document.addEventListener('DOMContentLoaded', function () {
    if (window.Blazor && window.Blazor.addEventListener) window.Blazor.addEventListener('enhancedload', focusSummary);
  });
})();
