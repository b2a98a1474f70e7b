package io.headwater.manifest.dash;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.namespace.NamespaceContext;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** A written MPD parsed back with the JDK's namespace-aware DOM parser, queried with XPath. */
final class MpdXml {
  private final Document document;
  private final XPath xpath;

  private MpdXml(Document document) {
    this.document = document;
    this.xpath = XPathFactory.newInstance().newXPath();
    xpath.setNamespaceContext(new NamespaceContext() {
      @Override
      public String getNamespaceURI(String prefix) {
        return "d".equals(prefix) ? Mpd.NAMESPACE : XMLConstants.NULL_NS_URI;
      }

      @Override
      public String getPrefix(String namespaceUri) {
        return Mpd.NAMESPACE.equals(namespaceUri) ? "d" : null;
      }

      @Override
      public Iterator<String> getPrefixes(String namespaceUri) {
        return List.of("d").iterator();
      }
    });
  }

  /** Parses {@code text}; fails the test when it is not well-formed. */
  static MpdXml parse(String text) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      return new MpdXml(factory.newDocumentBuilder()
          .parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))));
    } catch (Exception e) {
      throw new AssertionError("MPD is not well-formed XML:\n" + text, e);
    }
  }

  /** The string value of an XPath expression (empty when nothing matches). */
  String string(String expression) {
    try {
      return xpath.evaluate(expression, document);
    } catch (Exception e) {
      throw new AssertionError(expression, e);
    }
  }

  int count(String expression) {
    return elements(expression).size();
  }

  List<Element> elements(String expression) {
    try {
      NodeList nodes = (NodeList) xpath.evaluate(expression, document, XPathConstants.NODESET);
      List<Element> out = new ArrayList<>();
      for (int i = 0; i < nodes.getLength(); i++) {
        out.add((Element) nodes.item(i));
      }
      return out;
    } catch (Exception e) {
      throw new AssertionError(expression, e);
    }
  }

  /**
   * Expands the S elements under {@code timelineExpression} into {start, duration} pairs, the
   * way a player does (ISO/IEC 23009-1 5.3.9.6.3).
   */
  List<long[]> expandTimeline(String timelineExpression) {
    List<long[]> out = new ArrayList<>();
    long next = 0;
    for (Element s : elements(timelineExpression + "/d:S")) {
      long t = s.hasAttribute("t") ? Long.parseLong(s.getAttribute("t")) : next;
      long d = Long.parseLong(s.getAttribute("d"));
      long r = s.hasAttribute("r") ? Long.parseLong(s.getAttribute("r")) : 0;
      for (long i = 0; i <= r; i++) {
        out.add(new long[] {t, d});
        t += d;
      }
      next = t;
    }
    return out;
  }
}
