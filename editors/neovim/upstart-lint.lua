-- upstart-lint for Neovim's built-in LSP client (Neovim 0.7 and later).
--
-- Put this file on your 'runtimepath' as lua/upstart-lint.lua (or anywhere, and dofile it),
-- then call require('upstart-lint').setup() from your init.lua.

local M = {}

-- Where Upstart reads job files: /etc/init, a user's ~/.config/upstart, any init/ directory.
M.patterns = { '/etc/init/*.conf', '*/init/*.conf', '*/upstart/*.conf', '*.override' }

-- One server per conf directory: the job names it knows are the files below it.
local clients = {}

local function config(path)
  return {
    name = 'upstart-lint',
    cmd = { vim.g.upstart_lint_cmd or 'upstart-lint', 'lsp' },
    root_dir = vim.fn.fnamemodify(path, ':p:h'),
    init_options = vim.g.upstart_lint_init_options or vim.empty_dict(),
  }
end

-- Starts (or reuses) the server for a buffer's directory and attaches the buffer.
function M.attach(bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local cfg = config(vim.api.nvim_buf_get_name(bufnr))
  if vim.lsp.start then
    return vim.lsp.start(cfg, { bufnr = bufnr })
  end
  -- Neovim 0.7 has no vim.lsp.start.
  local id = clients[cfg.root_dir]
  if not id or not vim.lsp.get_client_by_id(id) then
    id = vim.lsp.start_client(cfg)
    clients[cfg.root_dir] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

-- Detects job files as filetype `upstart` and starts the server for them.
function M.setup()
  local group = vim.api.nvim_create_augroup('upstart_lint', { clear = true })
  vim.api.nvim_create_autocmd({ 'BufRead', 'BufNewFile' }, {
    group = group,
    pattern = M.patterns,
    command = 'setfiletype upstart',
  })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = 'upstart',
    callback = function(args)
      M.attach(args.buf)
    end,
  })
end

return M
