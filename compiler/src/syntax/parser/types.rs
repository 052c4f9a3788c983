//! Type expressions (`T?`, `list<T>`, `union<...>`, `decimal(p, s)`, `Name@N`) and literal values.

use super::{PResult, Parser, BUILTIN_TYPES};
use crate::source::Span;
use crate::syntax::ast::*;
use crate::syntax::lexer::TokenKind;

impl Parser<'_> {
    pub(super) fn type_expr(&mut self) -> PResult<TypeExpr> {
        self.enter()?;
        let result = self.type_expr_inner();
        self.depth -= 1;
        result
    }

    pub(super) fn type_expr_inner(&mut self) -> PResult<TypeExpr> {
        let mut ty = if self.at_punct('@') {
            let start = self.span();
            let annotations = self.annotations()?;
            let base = self.base_type()?;
            let span = start.to(base.span());
            TypeExpr::Annotated(annotations, Box::new(base), span)
        } else {
            self.base_type()?
        };
        while self.at_punct('?') {
            let span = ty.span().to(self.bump().span);
            ty = TypeExpr::Optional(Box::new(ty), span);
        }
        Ok(ty)
    }

    pub(super) fn base_type(&mut self) -> PResult<TypeExpr> {
        let word = match self.peek() {
            TokenKind::Ident(word) => word.clone(),
            _ => return Err(self.expected("a type")),
        };
        let opens = |c| matches!(self.peek_at(1), TokenKind::Punct(p) if *p == c);
        match word.as_str() {
            "list" if opens('<') => {
                self.generic(|inner, span| TypeExpr::List(Box::new(inner), span))
            }
            "map" if opens('<') => self.generic(|inner, span| TypeExpr::Map(Box::new(inner), span)),
            "union" if opens('<') => self.union(),
            "decimal" if opens('(') => Ok(TypeExpr::Decimal(self.decimal()?)),
            _ if BUILTIN_TYPES.contains(&word.as_str()) => {
                Ok(TypeExpr::Builtin(self.expect_ident("a type")?))
            }
            _ => Ok(TypeExpr::Named(self.type_name()?)),
        }
    }

    pub(super) fn generic(&mut self, make: fn(TypeExpr, Span) -> TypeExpr) -> PResult<TypeExpr> {
        let start = self.bump().span;
        self.expect_punct('<')?;
        let inner = self.type_expr()?;
        let end = self.expect_punct('>')?;
        Ok(make(inner, start.to(end)))
    }

    pub(super) fn union(&mut self) -> PResult<TypeExpr> {
        let start = self.bump().span;
        self.expect_punct('<')?;
        let branches = self.comma_list('>', Self::type_expr)?;
        let end = self.expect_punct('>')?;
        Ok(TypeExpr::Union(branches, start.to(end)))
    }

    pub(super) fn decimal(&mut self) -> PResult<DecimalExpr> {
        let start = self.bump().span;
        self.expect_punct('(')?;
        let (precision, _) = self.expect_int("the precision")?;
        let scale = match self.eat_punct(',') {
            true => Some(self.expect_int("the scale")?.0),
            false => None,
        };
        let end = self.expect_punct(')')?;
        Ok(DecimalExpr {
            precision,
            scale,
            span: start.to(end),
        })
    }

    pub(super) fn type_name(&mut self) -> PResult<TypeName> {
        let path = self.path("a type")?;
        // `Name@2` pins a version; `Name @key` is an annotation that follows the type.
        let version = if self.at_punct('@') && matches!(self.peek_at(1), TokenKind::Int(_)) {
            self.bump();
            Some(self.expect_int("a version number")?)
        } else {
            None
        };
        let span = version.map_or(path.span, |(_, v)| path.span.to(v));
        Ok(TypeName {
            path,
            version,
            span,
        })
    }

    // ---- values ----------------------------------------------------------------------------

    pub(super) fn value(&mut self) -> PResult<ValueExpr> {
        self.enter()?;
        let result = self.value_inner();
        self.depth -= 1;
        result
    }

    pub(super) fn value_inner(&mut self) -> PResult<ValueExpr> {
        let span = self.span();
        match self.peek().clone() {
            TokenKind::Ident(word) => {
                self.bump();
                Ok(match word.as_str() {
                    "null" => ValueExpr::Null(span),
                    "true" => ValueExpr::Bool(true, span),
                    "false" => ValueExpr::Bool(false, span),
                    _ => ValueExpr::Symbol(Ident { name: word, span }),
                })
            }
            TokenKind::Str(value) => {
                self.bump();
                Ok(ValueExpr::Str(value, span))
            }
            TokenKind::Punct('-') => self.negative(),
            TokenKind::Int(value) => {
                self.bump();
                Ok(ValueExpr::Int(value as i128, span))
            }
            TokenKind::Float(value) => {
                self.bump();
                Ok(ValueExpr::Float(value, span))
            }
            TokenKind::Punct('[') => {
                self.bump();
                let items = self.comma_list(']', Self::value)?;
                let end = self.expect_punct(']')?;
                Ok(ValueExpr::List(items, span.to(end)))
            }
            TokenKind::Punct('{') => {
                self.bump();
                let entries = self.comma_list('}', Self::object_entry)?;
                let end = self.expect_punct('}')?;
                Ok(ValueExpr::Object(entries, span.to(end)))
            }
            _ => Err(self.expected("a value")),
        }
    }

    pub(super) fn negative(&mut self) -> PResult<ValueExpr> {
        let start = self.bump().span;
        match *self.peek() {
            TokenKind::Int(value) => {
                let span = start.to(self.bump().span);
                Ok(ValueExpr::Int(-(value as i128), span))
            }
            TokenKind::Float(value) => {
                let span = start.to(self.bump().span);
                Ok(ValueExpr::Float(-value, span))
            }
            _ => Err(self.expected("a number after `-`")),
        }
    }

    pub(super) fn object_entry(&mut self) -> PResult<(Ident, ValueExpr)> {
        let key = match self.peek().clone() {
            TokenKind::Str(name) => Ident {
                name,
                span: self.bump().span,
            },
            _ => self.expect_ident("a key")?,
        };
        self.expect_punct(':')?;
        Ok((key, self.value()?))
    }
}
