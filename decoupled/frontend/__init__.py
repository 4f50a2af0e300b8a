"""The decoupled architecture's browser frontend: static HTML, CSS and JavaScript modules.

Nothing here touches a database. The browser downloads these files from their own origin
(http://127.0.0.1:3000), then the JavaScript in `js/` calls two services with `fetch`, the
catalog API and the ML service, and builds the page from the JSON they send back.
`__main__.py` is only a static file server.

Read it in this order: `index.html` and `js/search.js` (the catalog), `course.html` and
`js/course.js` (one course, the enroll form, and what students also liked), `js/recommend.js`
(the home page's "recommend me a course" box), `categories.html` and `js/categories.js`,
`js/api.js` (every call to the catalog API), `js/ml.js` (every call to the ML service),
`js/recommendations.js` (recommended courses, or why there are none), `js/render.js` (how
API text reaches the page safely), `config.js` (where the two services are). `style.css` is
a copy of the monolith's stylesheet, with the few rules only this frontend needs at its end.

The recommendations are the part a second service can break: when the ML service is down,
only they say "Recommendations are unavailable right now."; search, course pages and
enrollment work on, because they need only the catalog API.
"""
