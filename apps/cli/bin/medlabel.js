#!/usr/bin/env node
// Runs the TypeScript sources directly: registers tsx, then imports the entry point.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
