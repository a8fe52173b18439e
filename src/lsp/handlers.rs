//! One function per request: protocol in, a question to `ide`, protocol out.

use std::collections::HashMap;
use std::path::PathBuf;

use lsp_server::{ErrorCode, Request, Response};
use lsp_types::request::{
    CodeActionRequest, Completion, DocumentSymbolRequest, FoldingRangeRequest, Formatting,
    GotoDefinition, HoverRequest, InlayHintRequest, PrepareRenameRequest, RangeFormatting,
    References, Rename, Request as LspRequest, SemanticTokensFullRequest,
};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CompletionItem,
    CompletionItemKind, CompletionParams, CompletionResponse, DocumentChangeOperation,
    DocumentChanges, DocumentFormattingParams, DocumentRangeFormattingParams, DocumentSymbol,
    DocumentSymbolParams, DocumentSymbolResponse, FoldingRange, FoldingRangeKind,
    FoldingRangeParams, GotoDefinitionParams, GotoDefinitionResponse, Hover, HoverContents,
    HoverParams, InlayHint, InlayHintLabel, InlayHintParams, InsertTextFormat, Location,
    MarkupContent, MarkupKind, OptionalVersionedTextDocumentIdentifier, PrepareRenameResponse,
    ReferenceParams, RenameFile, RenameParams, ResourceOp, SemanticToken, SemanticTokens,
    SemanticTokensParams, SemanticTokensResult, SymbolKind, TextDocumentEdit,
    TextDocumentIdentifier, TextDocumentPositionParams, TextEdit, Uri, WorkspaceEdit,
};
use rowan::{TextRange, TextSize};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::capabilities::token_type;
use super::convert::uri_to_path;
use super::server::Server;
use super::to_proto;
use crate::ide::{self, FileEntry, actions, completion, navigation, outline};

/// Answers one request.
pub fn dispatch(server: &Server, request: Request) -> Response {
    match request.method.as_str() {
        HoverRequest::METHOD => run::<HoverRequest>(server, request, hover),
        Completion::METHOD => run::<Completion>(server, request, complete),
        GotoDefinition::METHOD => run::<GotoDefinition>(server, request, definition),
        References::METHOD => run::<References>(server, request, references),
        PrepareRenameRequest::METHOD => {
            run::<PrepareRenameRequest>(server, request, prepare_rename)
        }
        Rename::METHOD => run::<Rename>(server, request, rename),
        DocumentSymbolRequest::METHOD => run::<DocumentSymbolRequest>(server, request, symbols),
        Formatting::METHOD => run::<Formatting>(server, request, format),
        RangeFormatting::METHOD => run::<RangeFormatting>(server, request, format_range),
        FoldingRangeRequest::METHOD => run::<FoldingRangeRequest>(server, request, folding),
        SemanticTokensFullRequest::METHOD => {
            run::<SemanticTokensFullRequest>(server, request, semantic_tokens)
        }
        CodeActionRequest::METHOD => run::<CodeActionRequest>(server, request, code_actions),
        InlayHintRequest::METHOD => run::<InlayHintRequest>(server, request, inlay_hints),
        _ => Response::new_err(
            request.id,
            ErrorCode::MethodNotFound as i32,
            format!("unknown request `{}`", request.method),
        ),
    }
}

type Handler<R> =
    fn(&Server, <R as LspRequest>::Params) -> Result<<R as LspRequest>::Result, String>;

fn run<R>(server: &Server, request: Request, handler: Handler<R>) -> Response
where
    R: LspRequest,
    R::Params: DeserializeOwned,
    R::Result: Serialize,
{
    match serde_json::from_value::<R::Params>(request.params) {
        Err(error) => Response::new_err(
            request.id,
            ErrorCode::InvalidParams as i32,
            format!("{}: {error}", R::METHOD),
        ),
        Ok(params) => match handler(server, params) {
            Ok(result) => Response::new_ok(request.id, result),
            Err(message) => Response::new_err(request.id, ErrorCode::RequestFailed as i32, message),
        },
    }
}

/// The analysed file of a document, if there is one.
fn file<'a>(
    server: &'a Server,
    document: &TextDocumentIdentifier,
) -> Option<(PathBuf, &'a FileEntry)> {
    let path = uri_to_path(&document.uri);
    let file = server.world.file(&path)?;
    Some((path, file))
}

/// The file and byte offset of a position.
fn at<'a>(
    server: &'a Server,
    position: &TextDocumentPositionParams,
) -> Option<(PathBuf, &'a FileEntry, usize)> {
    let (path, file) = file(server, &position.text_document)?;
    let offset = server.lines(file).offset(position.position);
    Some((path, file, usize::from(offset)))
}

fn hover(server: &Server, params: HoverParams) -> Result<Option<Hover>, String> {
    let Some((path, file, offset)) = at(server, &params.text_document_position_params) else {
        return Ok(None);
    };
    Ok(
        ide::hover::hover(&server.world, &path, offset).map(|hover| Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: hover.markdown,
            }),
            range: Some(server.lines(file).range(hover.range)),
        }),
    )
}

fn complete(
    server: &Server,
    params: CompletionParams,
) -> Result<Option<CompletionResponse>, String> {
    let Some((path, file, offset)) = at(server, &params.text_document_position) else {
        return Ok(None);
    };
    let lines = server.lines(file);
    let items = completion::completions(&server.world, &path, offset)
        .into_iter()
        .map(|item| CompletionItem {
            kind: Some(match item.kind {
                completion::CompletionKind::Stanza | completion::CompletionKind::Keyword => {
                    CompletionItemKind::KEYWORD
                }
                completion::CompletionKind::Value => CompletionItemKind::ENUM_MEMBER,
                completion::CompletionKind::Event => CompletionItemKind::EVENT,
                completion::CompletionKind::Job => CompletionItemKind::CLASS,
                completion::CompletionKind::Variable => CompletionItemKind::VARIABLE,
            }),
            detail: item.detail,
            insert_text_format: Some(if item.snippet {
                InsertTextFormat::SNIPPET
            } else {
                InsertTextFormat::PLAIN_TEXT
            }),
            text_edit: Some(lsp_types::CompletionTextEdit::Edit(TextEdit::new(
                lines.range(item.replace),
                item.insert,
            ))),
            label: item.label,
            ..Default::default()
        })
        .collect();
    Ok(Some(CompletionResponse::Array(items)))
}

fn locations(server: &Server, found: Vec<navigation::Location>) -> Vec<Location> {
    found
        .into_iter()
        .filter_map(|l| to_proto::location(server, &l.path, l.range))
        .collect()
}

fn definition(
    server: &Server,
    params: GotoDefinitionParams,
) -> Result<Option<GotoDefinitionResponse>, String> {
    let Some((path, _, offset)) = at(server, &params.text_document_position_params) else {
        return Ok(None);
    };
    let found = locations(server, navigation::definition(&server.world, &path, offset));
    Ok((!found.is_empty()).then_some(GotoDefinitionResponse::Array(found)))
}

fn references(server: &Server, params: ReferenceParams) -> Result<Option<Vec<Location>>, String> {
    let Some((path, _, offset)) = at(server, &params.text_document_position) else {
        return Ok(None);
    };
    let found = navigation::references(
        &server.world,
        &path,
        offset,
        params.context.include_declaration,
    );
    Ok(Some(locations(server, found)))
}

fn prepare_rename(
    server: &Server,
    params: TextDocumentPositionParams,
) -> Result<Option<PrepareRenameResponse>, String> {
    let Some((path, file, offset)) = at(server, &params) else {
        return Ok(None);
    };
    Ok(
        navigation::prepare_rename(&server.world, &path, offset).map(|(range, name)| {
            PrepareRenameResponse::RangeWithPlaceholder {
                range: server.lines(file).range(range),
                placeholder: name,
            }
        }),
    )
}

fn rename(server: &Server, params: RenameParams) -> Result<Option<WorkspaceEdit>, String> {
    let Some((path, _, offset)) = at(server, &params.text_document_position) else {
        return Ok(None);
    };
    if !server.client.rename_files {
        return Err("renaming a job moves its file, which this client cannot do".into());
    }
    let rename = navigation::rename(&server.world, &path, offset, &params.new_name)?;
    let mut operations = Vec::new();
    for (file_path, edits) in &rename.edits {
        let (Some(file), Some(uri)) = (server.world.file(file_path), server.uri(file_path)) else {
            continue;
        };
        operations.push(DocumentChangeOperation::Edit(TextDocumentEdit {
            text_document: OptionalVersionedTextDocumentIdentifier { uri, version: None },
            edits: to_proto::text_edits(&server.lines(file), edits)
                .into_iter()
                .map(lsp_types::OneOf::Left)
                .collect(),
        }));
    }
    for (from, to) in &rename.moves {
        let (Some(old_uri), Some(new_uri)) = (server.uri(from), server.uri(to)) else {
            continue;
        };
        operations.push(DocumentChangeOperation::Op(ResourceOp::Rename(
            RenameFile {
                old_uri,
                new_uri,
                options: None,
                annotation_id: None,
            },
        )));
    }
    Ok(Some(WorkspaceEdit {
        document_changes: Some(DocumentChanges::Operations(operations)),
        ..Default::default()
    }))
}

fn symbols(
    server: &Server,
    params: DocumentSymbolParams,
) -> Result<Option<DocumentSymbolResponse>, String> {
    let Some((_, file)) = file(server, &params.text_document) else {
        return Ok(None);
    };
    let lines = server.lines(file);
    #[allow(deprecated)] // `deprecated` is a required field of the struct.
    let symbols = outline::symbols(file)
        .into_iter()
        .map(|symbol| DocumentSymbol {
            name: symbol.name,
            detail: None,
            kind: match symbol.kind {
                outline::SymbolKind::Process => SymbolKind::FUNCTION,
                outline::SymbolKind::Event => SymbolKind::EVENT,
                outline::SymbolKind::Variable => SymbolKind::VARIABLE,
                outline::SymbolKind::Setting => SymbolKind::PROPERTY,
            },
            tags: None,
            deprecated: None,
            range: lines.range(symbol.range),
            selection_range: lines.range(symbol.selection),
            children: None,
        })
        .collect();
    Ok(Some(DocumentSymbolResponse::Nested(symbols)))
}

/// The whole document as the formatter lays it out: one edit, or none when it is formatted.
fn format(
    server: &Server,
    params: DocumentFormattingParams,
) -> Result<Option<Vec<TextEdit>>, String> {
    let Some((_, file)) = file(server, &params.text_document) else {
        return Ok(None);
    };
    let Some(after) = ide::formatting::formatted(file)? else {
        return Ok(Some(Vec::new()));
    };
    let whole = TextRange::up_to(TextSize::try_from(file.text().len()).map_err(|e| e.to_string())?);
    Ok(Some(vec![TextEdit::new(
        server.lines(file).range(whole),
        after,
    )]))
}

/// The formatter's changes to the lines of the requested range only.
fn format_range(
    server: &Server,
    params: DocumentRangeFormattingParams,
) -> Result<Option<Vec<TextEdit>>, String> {
    let Some((_, file)) = file(server, &params.text_document) else {
        return Ok(None);
    };
    let lines = server.lines(file);
    let edits = ide::formatting::range_edits(file, lines.text_range(params.range))?;
    Ok(Some(to_proto::text_edits(&lines, &edits)))
}

fn folding(
    server: &Server,
    params: FoldingRangeParams,
) -> Result<Option<Vec<FoldingRange>>, String> {
    let Some((_, file)) = file(server, &params.text_document) else {
        return Ok(None);
    };
    let lines = server.lines(file);
    Ok(Some(
        outline::folding_ranges(file)
            .into_iter()
            .map(|fold| {
                let range = lines.range(fold.range);
                FoldingRange {
                    start_line: range.start.line,
                    start_character: None,
                    end_line: range.end.line,
                    end_character: None,
                    kind: Some(match fold.kind {
                        outline::FoldKind::Region => FoldingRangeKind::Region,
                        outline::FoldKind::Comment => FoldingRangeKind::Comment,
                    }),
                    collapsed_text: None,
                }
            })
            .collect(),
    ))
}

fn semantic_tokens(
    server: &Server,
    params: SemanticTokensParams,
) -> Result<Option<SemanticTokensResult>, String> {
    let Some((_, file)) = file(server, &params.text_document) else {
        return Ok(None);
    };
    let lines = server.lines(file);
    let mut data = Vec::new();
    let (mut previous_line, mut previous_start) = (0, 0);
    // Tokens may not span lines: a multi-line one (a quoted value) is cut at each line feed.
    let pieces = ide::highlight::highlights(file)
        .into_iter()
        .flat_map(|highlight| {
            single_lines(lines.text, highlight.range).map(move |range| (range, highlight.tag))
        });
    for (range, tag) in pieces {
        let range = lines.range(range);
        if range.start == range.end {
            continue;
        }
        let delta_line = range.start.line - previous_line;
        let delta_start = if delta_line == 0 {
            range.start.character - previous_start
        } else {
            range.start.character
        };
        data.push(SemanticToken {
            delta_line,
            delta_start,
            length: range.end.character - range.start.character,
            token_type: token_type(tag),
            token_modifiers_bitset: 0,
        });
        (previous_line, previous_start) = (range.start.line, range.start.character);
    }
    Ok(Some(SemanticTokensResult::Tokens(SemanticTokens {
        result_id: None,
        data,
    })))
}

/// `range` cut into pieces that each stay on one line (line feeds left out).
fn single_lines(text: &str, range: TextRange) -> impl Iterator<Item = TextRange> + '_ {
    let (start, end) = (usize::from(range.start()), usize::from(range.end()));
    let mut piece_start = start;
    let breaks = memchr::memchr_iter(b'\n', &text.as_bytes()[start..end]).map(move |i| start + i);
    breaks
        .chain(std::iter::once(end))
        .filter_map(move |piece_end| {
            let piece = TextRange::new(
                TextSize::try_from(piece_start).ok()?,
                TextSize::try_from(piece_end).ok()?,
            );
            piece_start = piece_end + 1;
            Some(piece)
        })
}

fn code_actions(
    server: &Server,
    params: CodeActionParams,
) -> Result<Option<Vec<CodeActionOrCommand>>, String> {
    let Some((path, file)) = file(server, &params.text_document) else {
        return Ok(None);
    };
    let lines = server.lines(file);
    let uri: Uri = params.text_document.uri.clone();
    let diagnostics = server.world.diagnostics(&path);
    let wanted = |kind: &CodeActionKind| {
        params.context.only.as_ref().is_none_or(|only| {
            only.iter().any(|o| {
                kind.as_str() == o.as_str()
                    || kind.as_str().starts_with(&format!("{}.", o.as_str()))
            })
        })
    };
    let actions = actions::actions(file, &diagnostics, lines.text_range(params.range))
        .into_iter()
        .map(|action| {
            let kind = match action.kind {
                actions::ActionKind::QuickFix => CodeActionKind::QUICKFIX,
                actions::ActionKind::FixAll => CodeActionKind::SOURCE_FIX_ALL,
            };
            let diagnostics = action
                .diagnostic
                .and_then(|i| diagnostics.get(i))
                .map(|d| vec![to_proto::diagnostic(server, &uri, &lines, d)]);
            CodeAction {
                title: action.title,
                kind: Some(kind),
                diagnostics,
                edit: Some(WorkspaceEdit {
                    changes: Some(HashMap::from([(
                        uri.clone(),
                        to_proto::text_edits(&lines, &action.edits),
                    )])),
                    ..Default::default()
                }),
                is_preferred: action.preferred.then_some(true),
                ..Default::default()
            }
        })
        .filter(|action| action.kind.as_ref().is_some_and(wanted))
        .map(CodeActionOrCommand::CodeAction)
        .collect();
    Ok(Some(actions))
}

fn inlay_hints(server: &Server, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>, String> {
    let Some((_, file)) = file(server, &params.text_document) else {
        return Ok(None);
    };
    let lines = server.lines(file);
    let wanted = lines.text_range(params.range);
    Ok(Some(
        ide::hints::inlay_hints(file)
            .into_iter()
            .filter(|hint| wanted.contains_inclusive(hint.offset))
            .map(|hint| InlayHint {
                position: lines.position(hint.offset),
                label: InlayHintLabel::String(hint.label),
                kind: None,
                text_edits: None,
                tooltip: None,
                padding_left: Some(true),
                padding_right: None,
                data: None,
            })
            .collect(),
    ))
}
