// Entry of dist/server.js, the process the VS Code extension starts.
import { runServer } from './main';

runServer();
