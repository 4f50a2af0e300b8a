"""The decoupled architecture's browser frontend: static HTML, CSS and JavaScript modules.

Nothing here touches a database. The browser downloads these files from their own origin
(http://127.0.0.1:3000), then the JavaScript in `js/` calls the catalog API with `fetch` and
builds the page from the JSON it gets back. `__main__.py` is only a static file server.

Read it in this order: `index.html` and `js/search.js` (the catalog), `course.html` and
`js/course.js` (one course and the enrol form), `categories.html` and `js/categories.js`,
`js/api.js` (every call to the API), `js/render.js` (how API text reaches the page safely),
`config.js` (where the API is). `style.css` is a copy of the monolith's stylesheet.
"""
