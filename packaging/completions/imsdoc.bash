# bash completion for imsdoc. Installed as share/bash-completion/completions/imsdoc; kept in step
# with `imsdoc --help` by tests/cli/package_test.py. Needs nothing from the bash-completion package.

_imsdoc_options() {
  case $1 in
    check) echo "-h --help --as-of --format --fail-on --coverage" ;;
    build) echo "-h --help -o --output --version --from-git --as-of --format --fail-on" ;;
    snapshot) echo "-h --help -o --output --as-of --no-pdf --sign" ;;
    docx) echo "-h --help -o --output --reference-doc --as-of" ;;
    export) echo "-h --help --format --register -o --output --as-of" ;;
    pdf) echo "-h --help -o --output --as-of" ;;
    diff) echo "-h --help -C --project --format --html -o --output --as-of" ;;
    init) echo "-h --help --extend --standards --title --organisation" ;;
    serve) echo "-h --help --port --no-reload --as-of" ;;
    verify) echo "-h --help --allowed-signers" ;;
    *) echo "-h --help --version -q --quiet -v --verbose" ;;
  esac
}

_imsdoc() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
  local subcommands="check build snapshot docx export pdf diff init serve verify"
  local sub="" i
  for ((i = 1; i < COMP_CWORD; i++)); do
    case ${COMP_WORDS[i]} in
      -*) ;;
      *) sub=${COMP_WORDS[i]}; break ;;
    esac
  done
  COMPREPLY=()

  # The value of an option.
  case $prev in
    --format)
      case $sub in
        export) COMPREPLY=($(compgen -W "csv xlsx json" -- "$cur")) ;;
        diff) COMPREPLY=($(compgen -W "markdown json" -- "$cur")) ;;
        *) COMPREPLY=($(compgen -W "text github json" -- "$cur")) ;;
      esac
      return ;;
    --fail-on) COMPREPLY=($(compgen -W "error warning" -- "$cur")); return ;;
    --standards) COMPREPLY=($(compgen -W "9001 27001 42001 9001,27001 9001,27001,42001" -- "$cur")); return ;;
    -o | --output | --reference-doc | --extend | --sign | --allowed-signers) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    -C | --project) COMPREPLY=($(compgen -d -- "$cur")); return ;;
    --as-of | --version | --from-git | --register | --title | --organisation | --port) return ;;
  esac

  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$(_imsdoc_options "$sub")" -- "$cur"))
  elif [[ -z $sub ]]; then
    COMPREPLY=($(compgen -W "$subcommands" -- "$cur"))
  elif [[ $sub == verify ]]; then
    COMPREPLY=($(compgen -f -X '!*.zip' -- "$cur") $(compgen -d -- "$cur"))
  elif [[ $sub == diff ]]; then
    # OLD and NEW: git revisions or project directories.
    COMPREPLY=($(compgen -W "$(git for-each-ref --format='%(refname:short)' 2>/dev/null)" -- "$cur")
               $(compgen -d -- "$cur"))
  else
    COMPREPLY=($(compgen -d -- "$cur"))
  fi
}

complete -F _imsdoc imsdoc
