import { dirname } from 'node:path';
import express, { type Router } from 'express';

const SWAGGER_UI_FOLDER = dirname(require.resolve('swagger-ui-dist/package.json'));

/**
 * `/api/docs`: Swagger UI from the `swagger-ui-dist` package, served by the
 * gateway itself (no CDN), reading `/api/openapi.json`. Its script lives in
 * a file of its own so the Content-Security-Policy can forbid inline scripts.
 */
export function docsPage(): Router {
  const router = express.Router();
  router.get('/', (req, res, next) => {
    if (!req.originalUrl.split('?')[0]?.endsWith('/')) {
      res.redirect(301, '/api/docs/');
      return;
    }
    next();
  });
  router.get('/', (_req, res) => {
    res.type('html').send(PAGE);
  });
  router.get('/init.js', (_req, res) => {
    res.type('js').send(INIT);
  });
  router.use(
    express.static(SWAGGER_UI_FOLDER, {
      index: false,
      fallthrough: true,
      setHeaders: (res) => res.setHeader('Cache-Control', 'public, max-age=3600'),
    }),
  );
  return router;
}

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>sla-ledger gateway API</title>
    <link rel="stylesheet" href="swagger-ui.css" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="swagger-ui-bundle.js"></script>
    <script src="swagger-ui-standalone-preset.js"></script>
    <script src="init.js"></script>
  </body>
</html>
`;

const INIT = `window.ui = SwaggerUIBundle({
  url: '/api/openapi.json',
  dom_id: '#swagger-ui',
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: 'StandaloneLayout',
  persistAuthorization: false,
});
`;
