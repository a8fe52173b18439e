" Upstart job files: /etc/init, init/ directories, and every *.override.
autocmd BufRead,BufNewFile /etc/init/*.conf,*/init/*.conf,*.override setfiletype upstart
