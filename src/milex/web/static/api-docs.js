// The JSON API's documentation page (/docs): Swagger UI over the app's OpenAPI description,
// drawn inside the site's page (a file, not an inline script, so the page keeps the CSP).
"use strict";
const root = document.getElementById("swagger-ui");
if (root && window.SwaggerUIBundle) {
  window.SwaggerUIBundle({
    url: root.dataset.openapi,
    domNode: root,
    layout: "BaseLayout",
    deepLinking: true,
    showExtensions: true,
    showCommonExtensions: true,
    presets: [window.SwaggerUIBundle.presets.apis, window.SwaggerUIBundle.SwaggerUIStandalonePreset],
  });
}
