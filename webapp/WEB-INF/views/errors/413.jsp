<%@ page session="false" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%@ taglib prefix="t" tagdir="/WEB-INF/tags" %>
<t:layout title="Request Too Large">
  <h1>Request Too Large</h1>
  <p>What was sent is larger than this site accepts.</p>
  <p><a href="<c:url value='/index'/>">Back to the home page</a></p>
</t:layout>
