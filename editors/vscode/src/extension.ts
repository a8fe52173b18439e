// Starts `upstart-lint lsp` for Upstart job files; everything else comes from the server.
import * as vscode from "vscode";
import { LanguageClient, LanguageClientOptions, ServerOptions } from "vscode-languageclient/node";

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const config = vscode.workspace.getConfiguration("upstartLint");
  const command = config.get<string>("path", "upstart-lint");
  const serverOptions: ServerOptions = { command, args: ["lsp"] };
  const ruleDocsUrl = config.get<string>("ruleDocsUrl", "");
  const shellcheck = config.get<boolean>("shellcheck", false);
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: "upstart" }],
    initializationOptions: ruleDocsUrl ? { ruleDocsUrl, shellcheck } : { shellcheck },
    synchronize: {
      // Settings changes reach the server as workspace/didChangeConfiguration.
      configurationSection: "upstartLint",
      fileEvents: vscode.workspace.createFileSystemWatcher("**/*.{conf,override}"),
    },
  };
  client = new LanguageClient("upstartLint", "upstart-lint", serverOptions, clientOptions);
  context.subscriptions.push(
    vscode.commands.registerCommand("upstartLint.restart", async () => {
      await client?.restart();
    }),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
