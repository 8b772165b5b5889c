#!/usr/bin/env python3
"""The DOCX's elements in WordprocessingML schema order (ECMA-376 Part 1, wml.xsd).

  docx_schema_order.py IMSDOC PROJECT...

Writes each PROJECT's manual.docx and checks, in every XML part, the children of the
elements whose content model is an xsd:sequence that Word enforces (Word refuses or "repairs"
a document whose elements are out of order; LibreOffice does not mind, so its tests do not
catch it): paragraph, run, table, row, cell, section, style and numbering properties, the
settings and the styles part. A child that is not in the element's sequence is reported too.
Also checks the package: every part has a content type, word/fontTable.xml exists and is
related, and docProps/core.xml's dates are not the 2000-01-01 placeholder.
"""
import os
import re
import subprocess
import sys
import tempfile
import zipfile
import xml.etree.ElementTree as ET

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# Sequences from wml.xsd (transitional), in schema order. Elements that may repeat or alternate
# share a slot (a tuple).
SEQUENCES = {
    "pPr": ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl",
            "numPr", "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens",
            "kinsoku", "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN",
            "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing",
            "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment",
            "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"],
    "rPr": ["rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike",
            "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish",
            "webHidden", "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight",
            "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang",
            "eastAsianLayout", "specVanish", "oMath"],
    "tblPr": ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
              "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd",
              "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription"],
    "tcPr": ["cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap",
             "tcMar", "textDirection", "tcFitText", "vAlign", "hideMark"],
    "sectPr": [("headerReference", "footerReference"), "footnotePr", "endnotePr", "type", "pgSz",
               "pgMar", "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt",
               "vAlign", "noEndnote", "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid",
               "printerSettings"],
    "style": ["name", "aliases", "basedOn", "next", "link", "autoRedefine", "hidden",
              "uiPriority", "semiHidden", "unhideWhenUsed", "qFormat", "locked", "personal",
              "personalCompose", "personalReply", "rsid", "pPr", "rPr", "tblPr", "trPr", "tcPr",
              "tblStylePr"],
    "styles": ["docDefaults", "latentStyles", "style"],
    "docDefaults": ["rPrDefault", "pPrDefault"],
    "abstractNum": ["nsid", "multiLevelType", "tmpl", "name", "styleLink", "numStyleLink", "lvl"],
    "lvl": ["start", "numFmt", "lvlRestart", "pStyle", "isLgl", "suff", "lvlText",
            "lvlPicBulletId", "legacy", "lvlJc", "pPr", "rPr"],
    "num": ["abstractNumId", "lvlOverride"],
    "numbering": ["numPicBullet", "abstractNum", "num", "numIdMacAtCleanup"],
    "font": ["altName", "panose1", "charset", "family", "notTrueType", "pitch", "sig",
             "embedRegular", "embedBold", "embedItalic", "embedBoldItalic"],
    "settings": ["writeProtection", "view", "zoom", "removePersonalInformation",
                 "removeDateAndTime", "doNotDisplayPageBoundaries", "displayBackgroundShape",
                 "printPostScriptOverText", "printFractionalCharacterWidth", "printFormsData",
                 "embedTrueTypeFonts", "embedSystemFonts", "saveSubsetFonts", "saveFormsData",
                 "mirrorMargins", "alignBordersAndEdges", "bordersDoNotSurroundHeader",
                 "bordersDoNotSurroundFooter", "gutterAtTop", "hideSpellingErrors",
                 "hideGrammaticalErrors", "activeWritingStyle", "proofState", "formsDesign",
                 "attachedTemplate", "linkStyles", "stylePaneFormatFilter",
                 "stylePaneSortMethod", "documentType", "mailMerge", "revisionView",
                 "trackRevisions", "doNotTrackMoves", "doNotTrackFormatting",
                 "documentProtection", "autoFormatOverride", "styleLockTheme", "styleLockQFSet",
                 "defaultTabStop", "autoHyphenation", "consecutiveHyphenLimit", "hyphenationZone",
                 "doNotHyphenateCaps", "showEnvelope", "summaryLength", "clickAndTypeStyle",
                 "defaultTableStyle", "evenAndOddHeaders", "bookFoldRevPrinting",
                 "bookFoldPrinting", "bookFoldPrintingSheets", "drawingGridHorizontalSpacing",
                 "drawingGridVerticalSpacing", "displayHorizontalDrawingGridEvery",
                 "displayVerticalDrawingGridEvery", "doNotUseMarginsForDrawingGridOrigin",
                 "drawingGridHorizontalOrigin", "drawingGridVerticalOrigin",
                 "doNotShadeFormData", "noPunctuationKerning", "characterSpacingControl",
                 "printTwoOnOne", "strictFirstAndLastChars", "noLineBreaksAfter",
                 "noLineBreaksBefore", "savePreviewPicture", "doNotValidateAgainstSchema",
                 "saveInvalidXml", "ignoreMixedContent", "alwaysShowPlaceholderText",
                 "doNotDemarcateInvalidXml", "saveXmlDataOnly", "useXSLTWhenSaving",
                 "saveThroughXslt", "showXMLTags", "alwaysMergeEmptyNamespace", "updateFields",
                 "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids",
                 "mathPr", "attachedSchema", "themeFontLang", "clrSchemeMapping",
                 "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade",
                 "captions", "readModeInkLockDown", "smartTagType", "schemaLibrary",
                 "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol", "listSeparator"],
}
# Properties that must come first in their parent when present.
FIRST = {"p": "pPr", "r": "rPr", "tbl": "tblPr", "tr": "tblPrEx", "tc": "tcPr"}


def slots(sequence):
    out = {}
    for i, slot in enumerate(sequence):
        for name in slot if isinstance(slot, tuple) else (slot,):
            out[name] = i
    return out


SLOTS = {k: slots(v) for k, v in SEQUENCES.items()}


def local(tag):
    return tag[len(W):] if tag.startswith(W) else None


def check_part(name, root, failures):
    for parent in root.iter():
        p = local(parent.tag)
        if p is None:
            continue
        kids = [local(c.tag) for c in parent]
        if p in SLOTS:
            last = -1
            for k in kids:
                if k is None:
                    continue
                if k not in SLOTS[p]:
                    failures.append(f"{name}: w:{k} is not allowed in w:{p}")
                    continue
                if SLOTS[p][k] < last:
                    failures.append(f"{name}: w:{k} comes too late in w:{p} ({kids})")
                last = max(last, SLOTS[p][k])
        if p in FIRST and FIRST[p] in kids and kids.index(FIRST[p]) != 0:
            failures.append(f"{name}: w:{FIRST[p]} is not the first child of w:{p}")
        if p == "tr" and "trPr" in kids and kids.index("trPr") > (1 if "tblPrEx" in kids else 0):
            failures.append(f"{name}: w:trPr after the cells of a row")


def check_docx(path, failures):
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        types = z.read("[Content_Types].xml").decode()
        rels = z.read("word/_rels/document.xml.rels").decode()
        for name in names:
            if name.endswith(".xml") and name.startswith("word/"):
                check_part(name, ET.fromstring(z.read(name)), failures)
                ext_ok = f'PartName="/{name}"' in types or 'Extension="xml"' in types
                if not ext_ok:
                    failures.append(f"{name} has no content type")
        if "word/fontTable.xml" not in names:
            failures.append("no word/fontTable.xml")
        elif 'Target="fontTable.xml"' not in rels or '/relationships/fontTable"' not in rels:
            failures.append("word/fontTable.xml is not related to the document")
        elif 'PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-' \
             'officedocument.wordprocessingml.fontTable+xml"' not in types:
            failures.append("word/fontTable.xml has no fontTable content type")
        core = z.read("docProps/core.xml").decode()
        for date in re.findall(r"<dcterms:(?:created|modified)[^>]*>([^<]*)<", core):
            if date.startswith("2000-01-01"):
                failures.append(f"docProps/core.xml has the placeholder date {date}")


def main():
    imsdoc, projects = os.path.abspath(sys.argv[1]), [os.path.abspath(p) for p in sys.argv[2:]]
    failures = []
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    with tempfile.TemporaryDirectory(prefix="imsdoc-docx-order-") as tmp:
        for i, project in enumerate(projects):
            out = os.path.join(tmp, f"{i}.docx")
            r = subprocess.run([imsdoc, "docx", project, "-o", out, "--quiet"], env=env,
                               capture_output=True, text=True, timeout=300)
            if r.returncode != 0:
                failures.append(f"imsdoc docx {project}: exit {r.returncode}\n{r.stderr}")
                continue
            check_docx(out, failures)
    for f in failures[:40]:
        print("FAIL: " + f)
    if not failures:
        print(f"ok: {len(projects)} DOCX in schema order, with a font table and real dates")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
