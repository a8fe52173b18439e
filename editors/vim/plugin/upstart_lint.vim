" upstart-lint for Vim: registers `upstart-lint lsp` with whichever LSP plugin is installed,
" prabirshrestha/vim-lsp or yegappan/lsp (Vim 9).

let s:cmd = get(g:, 'upstart_lint_cmd', 'upstart-lint')

" vim-lsp
augroup upstart_lint
  autocmd!
  autocmd User lsp_setup call lsp#register_server({
        \ 'name': 'upstart-lint',
        \ 'cmd': {server_info -> [s:cmd, 'lsp']},
        \ 'allowlist': ['upstart'],
        \ })
augroup END

" yegappan/lsp
if exists('*LspAddServer')
  call LspAddServer([{'name': 'upstart-lint', 'filetype': ['upstart'],
        \ 'path': s:cmd, 'args': ['lsp']}])
endif
