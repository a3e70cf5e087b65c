#!/usr/bin/env node
'use strict';
// The bundled CLI is built by `npm install` (prepare script) into dist/cli.js.
require('../dist/cli.js');
