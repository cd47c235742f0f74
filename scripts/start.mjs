// `npm start`: build the web app and compile the server when their sources changed (the first start, or after an
// update), then run the compiled server with plain node — no TypeScript loader at run time.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildApp, buildWeb, root } from './build.mjs';

buildWeb();
await buildApp();
process.setSourceMapsEnabled(true);
const { start } = await import(pathToFileURL(path.join(root, 'dist/app/server/main.js')).href);
await start();
