// A short address for a search: /?q=ai+agents&level=beginner, not
// /?q=ai+agents&category=&level=beginner&max_price=&min_rating=&sort=relevance.
//
// The search is a plain GET form, so the browser writes every field into the address, the
// empty ones too. That works (the server reads an empty field as absent), but it is a poor
// address to read or share. The browser fires "formdata" while it builds the request from
// the form: the entries deleted there are not sent, and the form on the page stays as it is
// (nothing to restore when the visitor comes back). Without JavaScript, or in a browser too
// old for "formdata", the long address is sent and the same results come back.

const DEFAULTS = { sort: "relevance" }; // what the server assumes when a field is absent

for (const form of document.querySelectorAll("form[role=search]")) {
  form.addEventListener("formdata", (event) => {
    for (const [name, value] of [...event.formData]) {
      if (value.trim() === "" || DEFAULTS[name] === value) event.formData.delete(name);
    }
  });
}
