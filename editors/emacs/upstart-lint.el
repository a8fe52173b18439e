;;; upstart-lint.el --- Upstart job files with the upstart-lint language server  -*- lexical-binding: t; -*-

;; A small major mode for Upstart job files (/etc/init/*.conf, init/*.conf, *.override), with
;; eglot (built into Emacs 29) started on `upstart-lint lsp'.

;;; Code:

(require 'eglot)

(defvar upstart-lint-program "upstart-lint"
  "The upstart-lint binary.")

(defconst upstart-lint--stanzas
  '("instance" "description" "author" "version" "env" "export" "start" "stop" "emits" "exec"
    "script" "pre-start" "post-start" "pre-stop" "post-stop" "expect" "task" "kill" "reload"
    "respawn" "normal" "console" "umask" "nice" "oom" "limit" "chroot" "chdir" "setuid"
    "setgid" "debug" "manual" "usage" "apparmor" "cgroup")
  "Upstart's 35 stanza names.")

(defvar upstart-mode-syntax-table
  (let ((table (make-syntax-table)))
    (modify-syntax-entry ?# "<" table)
    (modify-syntax-entry ?\n ">" table)
    (modify-syntax-entry ?' "\"" table)
    (modify-syntax-entry ?- "_" table)
    table)
  "Syntax table for `upstart-mode'.")

;;;###autoload
(define-derived-mode upstart-mode prog-mode "Upstart"
  "Major mode for Upstart job files."
  (setq-local comment-start "# ")
  (setq-local font-lock-defaults
              `(((,(concat "^[ \t]*" (regexp-opt upstart-lint--stanzas 'symbols))
                  . font-lock-keyword-face)
                 ("^[ \t]*end[ \t]+script\\_>" . font-lock-keyword-face)
                 ("\\_<\\(and\\|or\\)\\_>" . font-lock-builtin-face)
                 ("\\$[{]?[A-Za-z_][A-Za-z0-9_]*[}]?" . font-lock-variable-name-face)))))

;;;###autoload
(progn
  (add-to-list 'auto-mode-alist '("/init/.*\\.conf\\'" . upstart-mode))
  (add-to-list 'auto-mode-alist '("\\.override\\'" . upstart-mode)))

(add-to-list 'eglot-server-programs
             `(upstart-mode . (,upstart-lint-program "lsp")))

(add-hook 'upstart-mode-hook #'eglot-ensure)

(provide 'upstart-lint)
;;; upstart-lint.el ends here
