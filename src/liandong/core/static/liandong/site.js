/* Behaviour every page shares, instead of inline handlers (the Content-Security-Policy allows no inline
   script): a select with data-autosubmit sends its form when changed (the language switch); a link with
   data-print prints the page. */
document.addEventListener("change", function (e) {
  if (e.target.matches && e.target.matches("select[data-autosubmit]") && e.target.form) e.target.form.submit();
});
document.addEventListener("click", function (e) {
  var link = e.target.closest && e.target.closest("[data-print]");
  if (link) { e.preventDefault(); window.print(); }
});
